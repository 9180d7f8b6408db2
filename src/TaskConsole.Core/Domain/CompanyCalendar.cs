namespace TaskConsole.Core.Domain;

/// <summary>"Today" for a company: from midnight in the company's time zone.</summary>
public static class CompanyCalendar
{
    public static DateTimeOffset StartOfToday(DateTimeOffset now, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        var midnight = local.Date;
        // A day that starts inside a DST gap begins at the first valid local time after midnight.
        while (timeZone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(midnight, timeZone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
