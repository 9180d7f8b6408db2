namespace TaskConsole.Core.Domain;

/// <summary>Twilio-shaped SIDs: a two-letter prefix and 32 lowercase hex digits.</summary>
public static class Sids
{
    public const string Workspace = "WS";
    public const string Task = "WT";
    public const string Queue = "WQ";
    public const string Worker = "WK";
    public const string Activity = "WA";
    public const string Workflow = "WW";
    public const string Reservation = "WR";
    public const string Channel = "TC";
    public const string WorkerChannel = "WC";
    public const string Event = "EV";
    public const string Account = "AC";

    public static string New(string prefix) => prefix + Guid.NewGuid().ToString("N");

    public static bool IsValid(string? sid, string prefix) =>
        sid is { Length: 34 } && sid.StartsWith(prefix, StringComparison.Ordinal) && sid.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") is false;
}
