using System.Net.Sockets;
using System.Text;

namespace TaskConsole.Benchmarks;

/// <summary>
/// A minimal HTTP/1.1 client over one kept-alive connection that reads an answer to its last byte and discards it.
/// The harnesses run the server in their own process on two cores, where HttpClient's layered streams and chunk
/// parsing cost a noticeable share of the CPU the server needs; this client costs about what curl in another process
/// does, so the figures are the server's.
/// </summary>
public sealed class LeanHttpClient(Uri server, string apiKey) : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[256 * 1024];
    private TcpClient? _tcp;
    private NetworkStream? _stream;
    private int _start;
    private int _end;

    /// <summary>Sends a GET and reads the whole answer; returns its status code and body length.</summary>
    public async Task<(int Status, long BodyBytes)> GetAsync(string pathAndQuery)
    {
        if (_stream is null)
        {
            _tcp = new TcpClient { NoDelay = true };
            await _tcp.ConnectAsync(server.Host, server.Port);
            _stream = _tcp.GetStream();
        }

        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\nX-API-KEY: {apiKey}\r\n\r\n";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var statusLine = await ReadLineAsync();
        var status = int.Parse(statusLine.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        long? length = null;
        var chunked = false;
        for (var line = await ReadLineAsync(); line.Length > 0; line = await ReadLineAsync())
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(line.AsSpan(15).Trim(), provider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        if (!chunked)
        {
            await SkipAsync(length ?? 0);
            return (status, length ?? 0);
        }

        long total = 0;
        while (true)
        {
            var size = Convert.ToInt64((await ReadLineAsync()).Split(';')[0], 16);
            if (size == 0)
            {
                await ReadLineAsync();
                return (status, total);
            }

            await SkipAsync(size);
            await ReadLineAsync();
            total += size;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _tcp?.Dispose();
    }

    private async Task<string> ReadLineAsync()
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.Append(Encoding.ASCII.GetString(_buffer, _start, stop - _start));
            _start = stop;
            if (newline >= 0)
            {
                _start++;
                return line.ToString().TrimEnd('\r');
            }
        }
    }

    private async Task SkipAsync(long count)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var taken = (int)Math.Min(count, _end - _start);
            _start += taken;
            count -= taken;
        }
    }

    private async Task FillAsync()
    {
        _start = 0;
        _end = await _stream!.ReadAsync(_buffer);
        if (_end == 0)
        {
            throw new IOException("The server closed the connection in the middle of an answer.");
        }
    }
}
