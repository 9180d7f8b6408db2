using System.Buffers;
using System.Globalization;
using System.Text.Json;
using TaskConsole.Core.Domain;

namespace TaskConsole.Web.Api;

/// <summary>
/// Writes <c>{ "data": [ worker… ] }</c> of the twilio-workers endpoint straight into an output buffer, each worker with its
/// <c>statsToday</c> when given. Up to 10,000 workers answer at once, so nothing is built per worker first: the JSON is
/// written field by field with pre-encoded names and flushed in slices, keeping memory flat and the first bytes early.
/// </summary>
public static class WorkerListWriter
{
    private const int FlushThreshold = 256 * 1024;

    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText Sid = JsonEncodedText.Encode("sid");
    private static readonly JsonEncodedText AccountSid = JsonEncodedText.Encode("account_sid");
    private static readonly JsonEncodedText WorkspaceSid = JsonEncodedText.Encode("workspace_sid");
    private static readonly JsonEncodedText FriendlyName = JsonEncodedText.Encode("friendly_name");
    private static readonly JsonEncodedText AttributesName = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText ActivitySid = JsonEncodedText.Encode("activity_sid");
    private static readonly JsonEncodedText ActivityName = JsonEncodedText.Encode("activity_name");
    private static readonly JsonEncodedText Available = JsonEncodedText.Encode("available");
    private static readonly JsonEncodedText DateStatusChanged = JsonEncodedText.Encode("date_status_changed");
    private static readonly JsonEncodedText DateCreated = JsonEncodedText.Encode("date_created");
    private static readonly JsonEncodedText DateUpdated = JsonEncodedText.Encode("date_updated");
    private static readonly JsonEncodedText StatsToday = JsonEncodedText.Encode("statsToday");
    private static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("start_time");
    private static readonly JsonEncodedText EndTime = JsonEncodedText.Encode("end_time");
    private static readonly JsonEncodedText TimeZone = JsonEncodedText.Encode("time_zone");
    private static readonly JsonEncodedText ReservationsCreated = JsonEncodedText.Encode("reservations_created");
    private static readonly JsonEncodedText ReservationsAccepted = JsonEncodedText.Encode("reservations_accepted");
    private static readonly JsonEncodedText ReservationsRejected = JsonEncodedText.Encode("reservations_rejected");
    private static readonly JsonEncodedText ReservationsTimedOut = JsonEncodedText.Encode("reservations_timed_out");
    private static readonly JsonEncodedText ReservationsCanceled = JsonEncodedText.Encode("reservations_canceled");
    private static readonly JsonEncodedText ReservationsRescinded = JsonEncodedText.Encode("reservations_rescinded");
    private static readonly JsonEncodedText TasksCompleted = JsonEncodedText.Encode("tasks_completed");
    private static readonly JsonEncodedText ActivityDurations = JsonEncodedText.Encode("activity_durations");
    private static readonly JsonEncodedText Avg = JsonEncodedText.Encode("avg");
    private static readonly JsonEncodedText Min = JsonEncodedText.Encode("min");
    private static readonly JsonEncodedText Max = JsonEncodedText.Encode("max");
    private static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");

    /// <summary>Writes the list; <paramref name="flushAsync"/> hands each filled slice on (to the network, or nowhere in memory).</summary>
    public static async Task WriteAsync(
        IBufferWriter<byte> output,
        Func<CancellationToken, ValueTask> flushAsync,
        IReadOnlyList<WorkerInfo> workers,
        WorkspaceInfo workspace,
        IReadOnlyDictionary<string, WorkerCumulativeStatistics>? statsToday,
        string timeZone,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(flushAsync);
        // The structure below is fixed and correct by construction, so the writer's own nesting checks are skipped.
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = ApiResults.Json.Encoder, SkipValidation = true });
        var account = JsonEncodedText.Encode(workspace.AccountSid, ApiResults.Json.Encoder);
        var workspaceSid = JsonEncodedText.Encode(workspace.Sid, ApiResults.Json.Encoder);
        var zone = JsonEncodedText.Encode(timeZone, ApiResults.Json.Encoder);

        // A workspace has a handful of activities shared by every worker and every statistic: encode their texts once.
        var encoded = new Dictionary<string, JsonEncodedText>(StringComparer.Ordinal);
        JsonEncodedText Encode(string text)
        {
            if (encoded.TryGetValue(text, out var value))
            {
                return value;
            }

            value = JsonEncodedText.Encode(text, ApiResults.Json.Encoder);
            if (encoded.Count < 256)
            {
                encoded[text] = value;
            }

            return value;
        }

        writer.WriteStartObject();
        writer.WriteStartArray(Data);
        foreach (var worker in workers)
        {
            WriteWorker(writer, worker, account, workspaceSid, statsToday?.GetValueOrDefault(worker.Sid), zone, Encode);
            if (writer.BytesPending >= FlushThreshold)
            {
                await writer.FlushAsync(cancellationToken);
                await flushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        await flushAsync(cancellationToken);
    }

    private static void WriteWorker(
        Utf8JsonWriter writer, WorkerInfo worker, JsonEncodedText account, JsonEncodedText workspaceSid, WorkerCumulativeStatistics? stats, JsonEncodedText zone, Func<string, JsonEncodedText> shared)
    {
        writer.WriteStartObject();
        writer.WriteString(Sid, worker.Sid);
        writer.WriteString(AccountSid, account);
        writer.WriteString(WorkspaceSid, workspaceSid);
        writer.WriteString(FriendlyName, worker.FriendlyName);
        writer.WritePropertyName(AttributesName);

        // The attributes were validated when they were set: their UTF-8 text is copied as it is, not re-tokenized.
        writer.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(worker.AttributesJson), skipInputValidation: true);
        writer.WriteString(ActivitySid, shared(worker.ActivitySid));
        writer.WriteString(ActivityName, shared(worker.ActivityName));
        writer.WriteBoolean(Available, worker.Available);
        WriteDate(writer, DateStatusChanged, worker.DateStatusChanged);
        WriteDate(writer, DateCreated, worker.DateCreated);
        WriteDate(writer, DateUpdated, worker.DateUpdated);
        if (stats is not null)
        {
            writer.WriteStartObject(StatsToday);
            WriteDate(writer, StartTime, stats.StartTime);
            WriteDate(writer, EndTime, stats.EndTime);
            writer.WriteString(TimeZone, zone);
            writer.WriteNumber(ReservationsCreated, stats.Reservations.Created);
            writer.WriteNumber(ReservationsAccepted, stats.Reservations.Accepted);
            writer.WriteNumber(ReservationsRejected, stats.Reservations.Rejected);
            writer.WriteNumber(ReservationsTimedOut, stats.Reservations.TimedOut);
            writer.WriteNumber(ReservationsCanceled, stats.Reservations.Canceled);
            writer.WriteNumber(ReservationsRescinded, stats.Reservations.Rescinded);
            writer.WriteNumber(TasksCompleted, stats.TasksCompleted);
            writer.WriteStartArray(ActivityDurations);
            foreach (var duration in stats.ActivityDurations)
            {
                writer.WriteStartObject();
                writer.WriteString(Sid, shared(duration.Sid));
                writer.WriteString(FriendlyName, shared(duration.FriendlyName));
                writer.WriteNumber(Avg, duration.Avg);
                writer.WriteNumber(Min, duration.Min);
                writer.WriteNumber(Max, duration.Max);
                writer.WriteNumber(Total, duration.Total);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>The same text as <see cref="TaskRouterJson.Date(DateTimeOffset)"/>, formatted without allocating.</summary>
    private static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        Span<char> text = stackalloc char[20];
        value.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..written]);
    }
}
