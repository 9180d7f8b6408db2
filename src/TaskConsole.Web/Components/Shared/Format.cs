using System.Globalization;

namespace TaskConsole.Web.Components.Shared;

/// <summary>How figures read on every page.</summary>
public static class Format
{
    /// <summary>"42s" under a minute, else "3m 05s".</summary>
    public static string Seconds(double seconds)
    {
        var whole = (long)Math.Round(seconds);
        return whole < 60
            ? string.Create(CultureInfo.CurrentCulture, $"{whole}s")
            : string.Create(CultureInfo.CurrentCulture, $"{whole / 60}m {whole % 60:00}s");
    }

    /// <summary>An instant in the company's time zone: "2026-11-28 09:14:03".</summary>
    public static string Local(DateTimeOffset value, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(value, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
