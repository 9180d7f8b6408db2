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
    private const int FlushThreshold = 32 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = ApiResults.Json.Encoder,

        // The structure is fixed and correct by construction, so the writer's own nesting checks are skipped.
        SkipValidation = true,
    };

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
        await using var writer = new Utf8JsonWriter(output, WriterOptions);
        var account = JsonEncodedText.Encode(workspace.AccountSid, ApiResults.Json.Encoder);
        var workspaceSid = JsonEncodedText.Encode(workspace.Sid, ApiResults.Json.Encoder);
        var zone = JsonEncodedText.Encode(timeZone, ApiResults.Json.Encoder);

        var shared = new SharedTexts();

        writer.WriteStartObject();
        writer.WriteStartArray(Data);

        // BytesPending alone never reaches the threshold: the writer commits to the output whenever a segment it was
        // given is full. What counts is everything written since the last flush.
        long flushed = 0;
        foreach (var worker in workers)
        {
            WriteWorker(writer, worker, account, workspaceSid, statsToday?.GetValueOrDefault(worker.Sid), zone, shared);
            if (writer.BytesCommitted + writer.BytesPending - flushed >= FlushThreshold)
            {
                await writer.FlushAsync(cancellationToken);
                await flushAsync(cancellationToken);
                flushed = writer.BytesCommitted;
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        await flushAsync(cancellationToken);
    }

    private static void WriteWorker(
        Utf8JsonWriter writer, WorkerInfo worker, JsonEncodedText account, JsonEncodedText workspaceSid, WorkerCumulativeStatistics? stats, JsonEncodedText zone, SharedTexts shared)
    {
        writer.WriteStartObject();
        writer.WriteString(Sid, worker.Sid);
        writer.WriteString(AccountSid, account);
        writer.WriteString(WorkspaceSid, workspaceSid);
        writer.WriteString(FriendlyName, worker.FriendlyName);
        writer.WritePropertyName(AttributesName);

        // The attributes were validated when they were set: their UTF-8 text is copied as it is, not re-tokenized.
        writer.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(worker.AttributesJson), skipInputValidation: true);
        writer.WriteString(ActivitySid, shared.Encode(worker.ActivitySid));
        writer.WriteString(ActivityName, shared.Encode(worker.ActivityName));
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
                writer.WriteRawValue(shared.Duration(duration), skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The same text as <see cref="TaskRouterJson.Date(DateTimeOffset)"/>, formatted straight to UTF-8 with the
    /// round-trip-safe "s" pattern (a fast path of the formatter, unlike a custom pattern) and the UTC designator.
    /// </summary>
    private static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[20];
        value.UtcDateTime.TryFormat(text, out var written, "s", CultureInfo.InvariantCulture);
        text[written] = (byte)'Z';
        writer.WriteString(name, text[..(written + 1)]);
    }

    /// <summary>
    /// The texts that repeat across the workers of one answer, encoded once: a workspace has a handful of activities,
    /// shared by every worker and named in every worker's statistics. Each activity duration, the bulk of an answer,
    /// is assembled from its encoded head and four numbers and handed to the writer as one value.
    /// </summary>
    private sealed class SharedTexts
    {
        private const int Limit = 256;
        private readonly Dictionary<string, JsonEncodedText> _encoded = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Sid, string Name), byte[]> _durationHeads = [];
        private byte[] _scratch = new byte[512];

        public JsonEncodedText Encode(string text)
        {
            if (_encoded.TryGetValue(text, out var value))
            {
                return value;
            }

            value = JsonEncodedText.Encode(text, ApiResults.Json.Encoder);
            if (_encoded.Count < Limit)
            {
                _encoded[text] = value;
            }

            return value;
        }

        /// <summary><c>{"sid":…,"friendly_name":…,"avg":…,"min":…,"max":…,"total":…}</c> as UTF-8, valid until the next call.</summary>
        public ReadOnlySpan<byte> Duration(ActivityDuration duration)
        {
            var head = DurationHead(duration.Sid, duration.FriendlyName);
            const int numbers = (4 * 20) + 32;
            if (_scratch.Length < head.Length + numbers)
            {
                _scratch = new byte[head.Length + numbers];
            }

            var span = _scratch.AsSpan();
            var length = Text(span, head);
            length += Number(span[length..], duration.Avg);
            length += Text(span[length..], ",\"min\":"u8);
            length += Number(span[length..], duration.Min);
            length += Text(span[length..], ",\"max\":"u8);
            length += Number(span[length..], duration.Max);
            length += Text(span[length..], ",\"total\":"u8);
            length += Number(span[length..], duration.Total);
            length += Text(span[length..], "}"u8);
            return span[..length];
        }

        private byte[] DurationHead(string sid, string name)
        {
            if (_durationHeads.TryGetValue((sid, name), out var head))
            {
                return head;
            }

            var buffer = new ArrayBufferWriter<byte>(128);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString(Sid, Encode(sid));
                writer.WriteString(FriendlyName, Encode(name));
                writer.WritePropertyName(Avg);
            }

            head = buffer.WrittenSpan.ToArray();
            if (_durationHeads.Count < Limit)
            {
                _durationHeads[(sid, name)] = head;
            }

            return head;
        }

        private static int Number(Span<byte> destination, long value)
        {
            value.TryFormat(destination, out var written, provider: CultureInfo.InvariantCulture);
            return written;
        }

        private static int Text(Span<byte> destination, ReadOnlySpan<byte> text)
        {
            text.CopyTo(destination);
            return text.Length;
        }
    }
}
