using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace TaskConsole.Web.Api;

/// <summary>
/// Reads request parameters (a query string, or a form for Twilio's wire format) with errors that name the parameter.
/// </summary>
public sealed class QueryParameters(Func<string, StringValues> query)
{
    public QueryParameters(IQueryCollection query)
        : this(name => query[name])
    {
    }

    public QueryParameters(IFormCollection form)
        : this(name => form[name])
    {
    }

    public List<string> Errors { get; } = [];

    /// <summary>An array parameter: repeated keys, <c>key[]=</c> and comma-separated values all add up.</summary>
    public IReadOnlyList<string> Values(string name)
    {
        var values = new List<string>();
        foreach (var key in new[] { name, name + "[]" })
        {
            foreach (var raw in query(key))
            {
                values.AddRange((raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return values;
    }

    public string? Single(string name)
    {
        var values = query(name);
        if (values.Count > 1)
        {
            Errors.Add($"{name}: give it once");
        }

        return values.Count == 0 ? null : values[0]?.Trim();
    }

    public bool? Boolean(string name)
    {
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Errors.Add($"{name}: '{text}' is not true or false");
        return null;
    }

    public int Integer(string name, int minimum, int maximum, int fallback) => Integer(name, minimum, maximum) ?? fallback;

    /// <summary>A whole number in range, or null when the parameter is absent or wrong (then an error names it).</summary>
    public int? Integer(string name, int minimum, int maximum)
    {
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        Errors.Add($"{name}: '{text}' must be a whole number from {minimum} to {maximum}");
        return null;
    }

    public DateTimeOffset? Time(string name)
    {
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        Errors.Add($"{name}: '{text}' is not an ISO 8601 date and time");
        return null;
    }

    /// <summary>Checks each value of an enumeration parameter, naming the accepted values when one is not.</summary>
    public IReadOnlyList<string> OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var values = Values(name);
        foreach (var value in values.Where(v => !allowed.Contains(v)))
        {
            Errors.Add($"{name}: '{value}' is not one of {string.Join(", ", allowed)}");
        }

        return values;
    }

    /// <summary>The first problem found, for a 400.</summary>
    public IResult? Problem => Errors.Count == 0 ? null : ApiResults.BadRequest(string.Join("; ", Errors));
}

/// <summary>Opaque page tokens: the offset into the filtered, sorted list, bound to the filter that produced it.</summary>
public static class PageToken
{
    public static string Create(int offset, string filterKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{offset}|{Fingerprint(filterKey)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Fingerprint(string filterKey) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(filterKey)))[..12];

    public static bool TryRead(string token, string filterKey, out int offset)
    {
        offset = 0;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out offset)
                && parts[1] == Fingerprint(filterKey);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
