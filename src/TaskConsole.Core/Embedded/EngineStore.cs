using System.Globalization;
using System.IO.Compression;
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
/// Events are most of the bytes and repeat themselves, so each transaction stores its events as one compressed batch.
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
    private readonly SqliteConnection _checkpointConnection;
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
            PRAGMA wal_autocheckpoint = 0;
            CREATE TABLE IF NOT EXISTS resources (kind TEXT NOT NULL, sid TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, sid)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS event_batches (first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, last_ts INTEGER NOT NULL, events BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
        // Checkpoints copy the log into the database and sync it; on a connection of their own they run beside the
        // writer (see Checkpoint) instead of stalling whichever commit happens to cross the threshold.
        _checkpointConnection = new SqliteConnection(_connection.ConnectionString);
        _checkpointConnection.Open();
        _upsert = Prepare("INSERT INTO resources (kind, sid, json) VALUES ($kind, $sid, $json) ON CONFLICT (kind, sid) DO UPDATE SET json = excluded.json", "$kind", "$sid", "$json");
        _delete = Prepare("DELETE FROM resources WHERE kind = $kind AND sid = $sid", "$kind", "$sid");
        _insertEvent = Prepare("INSERT INTO event_batches (first_seq, last_seq, last_ts, events) VALUES ($first, $last, $ts, $events)", "$first", "$last", "$ts", "$events");
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

        if (events.Count > 0)
        {
            Run(_insertEvent, transaction, events[0].Sequence, events[^1].Sequence, events[^1].Timestamp.ToUnixTimeMilliseconds(), Compress(events));
        }

        Run(_saveClock, transaction, clock.ToString("O", CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    /// <summary>Copies committed log pages into the database file; safe to call from another thread than <see cref="Save"/>.</summary>
    public void Checkpoint()
    {
        using var command = _checkpointConnection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        command.ExecuteNonQuery();
    }

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
            command.CommandText = "SELECT events FROM event_batches WHERE last_ts >= $since ORDER BY first_seq";
            command.Parameters.AddWithValue("$since", eventsSince.ToUnixTimeMilliseconds());
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                events.AddRange(Decompress((byte[])reader[0]).Where(e => e.Timestamp >= eventsSince));
            }
        }

        long lastSequence;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(MAX(last_seq), 0) FROM event_batches";
            lastSequence = (long)command.ExecuteScalar()!;
        }

        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "DELETE FROM event_batches WHERE last_ts < $since";
            command.Parameters.AddWithValue("$since", eventsSince.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
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
        _checkpointConnection.Dispose();
        _connection.Dispose();
    }

    private static byte[] Compress(IReadOnlyList<TaskRouterEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(zlib, events, Json);
        }

        return buffer.ToArray();
    }

    private static List<TaskRouterEvent> Decompress(byte[] data)
    {
        using var zlib = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<List<TaskRouterEvent>>(zlib, Json)!;
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

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
