using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

/// <summary>What a workspace store holds, read back at start-up.</summary>
public sealed record EngineSnapshot(
    WorkspaceInfo? Workspace,
    IReadOnlyList<ActivityInfo> Activities,
    IReadOnlyList<TaskChannelInfo> Channels,
    IReadOnlyList<WorkerInfo> Workers,
    IReadOnlyList<TaskQueueInfo> Queues,
    IReadOnlyList<WorkflowInfo> Workflows,
    IReadOnlyList<TaskInfo> Tasks,
    IReadOnlyList<ReservationInfo> Reservations,
    IReadOnlyList<TaskRouterEvent> Events,
    long LastSequence,
    DateTimeOffset? Clock);

/// <summary>
/// The durable state of one workspace in a SQLite file: each resource as a JSON row, the event history, and the
/// clock of the last write. WAL mode: a commit survives the process being killed as soon as it returns.
/// </summary>
public sealed class EngineStore : IDisposable
{
    public const string WorkspaceKind = "workspace";
    public const string ActivityKind = "activity";
    public const string ChannelKind = "channel";
    public const string WorkerKind = "worker";
    public const string QueueKind = "queue";
    public const string WorkflowKind = "workflow";
    public const string TaskKind = "task";
    public const string ReservationKind = "reservation";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _saveClock;

    public EngineStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS resources (kind TEXT NOT NULL, sid TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, sid)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
        _upsert = Prepare("INSERT INTO resources (kind, sid, json) VALUES ($kind, $sid, $json) ON CONFLICT (kind, sid) DO UPDATE SET json = excluded.json", "$kind", "$sid", "$json");
        _delete = Prepare("DELETE FROM resources WHERE kind = $kind AND sid = $sid", "$kind", "$sid");
        _insertEvent = Prepare("INSERT INTO events (seq, ts, json) VALUES ($seq, $ts, $json)", "$seq", "$ts", "$json");
        _saveClock = Prepare("INSERT INTO meta (key, value) VALUES ('clock', $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", "$value");
    }

    /// <summary>Writes one command's changes in one transaction: resources (null = removed), new events, and the clock.</summary>
    public void Save(IReadOnlyDictionary<(string Kind, string Sid), object?> resources, IReadOnlyList<TaskRouterEvent> events, DateTimeOffset clock)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var ((kind, sid), value) in resources)
        {
            if (value is null)
            {
                Run(_delete, transaction, kind, sid);
            }
            else
            {
                Run(_upsert, transaction, kind, sid, JsonSerializer.Serialize(value, value.GetType(), Json));
            }
        }

        foreach (var evt in events)
        {
            Run(_insertEvent, transaction, evt.Sequence, evt.Timestamp.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(evt, Json));
        }

        Run(_saveClock, transaction, clock.ToString("O", CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    public void SaveClock(DateTimeOffset clock) => Run(_saveClock, null, clock.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Reads everything back, with the events since <paramref name="eventsSince"/>.</summary>
    public EngineSnapshot Load(DateTimeOffset eventsSince)
    {
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT kind, json FROM resources";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var kind = reader.GetString(0);
                if (!rows.TryGetValue(kind, out var list))
                {
                    rows[kind] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        var events = new List<TaskRouterEvent>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT json FROM events WHERE ts >= $since ORDER BY seq";
            command.Parameters.AddWithValue("$since", eventsSince.ToUnixTimeMilliseconds());
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                events.Add(JsonSerializer.Deserialize<TaskRouterEvent>(reader.GetString(0), Json)!);
            }
        }

        long lastSequence;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM events";
            lastSequence = (long)command.ExecuteScalar()!;
        }

        DateTimeOffset? clock = null;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT value FROM meta WHERE key = 'clock'";
            if (command.ExecuteScalar() is string text)
            {
                clock = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
            }
        }

        return new EngineSnapshot(
            Read<WorkspaceInfo>(rows, WorkspaceKind).SingleOrDefault(),
            Read<ActivityInfo>(rows, ActivityKind),
            Read<TaskChannelInfo>(rows, ChannelKind),
            Read<WorkerInfo>(rows, WorkerKind),
            Read<TaskQueueInfo>(rows, QueueKind),
            Read<WorkflowInfo>(rows, WorkflowKind),
            Read<TaskInfo>(rows, TaskKind),
            Read<ReservationInfo>(rows, ReservationKind),
            events,
            lastSequence,
            clock);
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _delete.Dispose();
        _insertEvent.Dispose();
        _saveClock.Dispose();
        _connection.Dispose();
    }

    private static List<T> Read<T>(Dictionary<string, List<string>> rows, string kind) =>
        rows.TryGetValue(kind, out var list) ? list.Select(json => JsonSerializer.Deserialize<T>(json, Json)!).ToList() : [];

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction? transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
