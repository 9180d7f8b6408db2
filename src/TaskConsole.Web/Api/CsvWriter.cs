using System.Globalization;
using System.Text;

namespace TaskConsole.Web.Api;

/// <summary>
/// RFC 4180 CSV, written row by row to a stream. A cell that a spreadsheet would run as a formula (it starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) gets a leading apostrophe: task attributes come from
/// outside, and an export must never execute what a caller put in them.
/// </summary>
public sealed class CsvWriter(Stream output) : IAsyncDisposable
{
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };

    public async Task WriteRowAsync(IEnumerable<object?> cells, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                await _writer.WriteAsync(',');
            }

            first = false;
            await _writer.WriteAsync(Escape(cell));
        }

        await _writer.WriteLineAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    public static string Escape(object? cell)
    {
        var text = cell switch
        {
            null => "",
            DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            double number => number.ToString("0.###", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => cell.ToString() ?? "",
        };
        if (text.Length > 0 && cell is string && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    public async ValueTask DisposeAsync() => await _writer.DisposeAsync();
}
