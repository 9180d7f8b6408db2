using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

/// <summary>
/// One TaskRouter workspace, in process: its resources, the routing that pairs tasks with workers, the timers of the
/// lifecycle, the event stream and the durable store. Every command runs under one lock, so the workspace changes in a
/// single order; a command returns once its changes are written to the store, and its events are published after that.
/// </summary>
public sealed partial class TaskRouterEngine : IDisposable
{
    private const int MaxAssignmentCount = 1_000;
    private static readonly TimeSpan RetainTerminatedTasks = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AssignedTaskLimit = TimeSpan.FromHours(24);
    private static readonly TimeSpan EventRetention = TimeSpan.FromDays(30);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly EngineStore? _store;
    private readonly StoreWriter? _writer;
    private readonly ILogger _logger;

    private readonly Dictionary<string, ActivityInfo> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskChannelInfo> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerInfo> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskQueueInfo> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkflowInfo> _workflows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkflowConfiguration> _workflowConfigs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskInfo> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReservationInfo> _reservations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _reservationsByTask = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _reservationsByWorker = new(StringComparer.Ordinal);

    private readonly List<TaskRouterEvent> _events = [];
    private readonly Dictionary<(string Kind, string Sid), object?> _dirty = [];
    private readonly List<TaskRouterEvent> _newEvents = [];
    private ImmutableArray<Channel<TaskRouterEvent>> _subscribers = [];

    private readonly Lock _statisticsGate = new();

    private WorkspaceInfo _workspace;
    private long _sequence;

    /// <summary>Worker statistics of the latest open window asked for (normally "today"), kept to be extended.</summary>
    private WorkerTallies? _openWindowTallies;
    private bool _disposed;

    private TaskRouterEngine(WorkspaceInfo workspace, TimeProvider time, EngineStore? store, ILogger? logger)
    {
        _workspace = workspace;
        _time = time;
        _store = store;
        _logger = logger ?? NullLogger.Instance;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (store is not null)
        {
            _writer = new StoreWriter(store, Publish, _logger, workspace.FriendlyName);
        }
    }

    public string WorkspaceSid => _workspace.Sid;

    public TimeProvider Time => _time;

    /// <summary>
    /// Opens the workspace kept in <paramref name="store"/>, or creates it with Twilio's default activities and
    /// task channels when the store is empty. Timers that were running resume with the time they had left.
    /// </summary>
    public static TaskRouterEngine Open(string friendlyName, string accountSid, TimeProvider time, EngineStore? store = null, ILogger? logger = null)
    {
        var saved = store?.Load(time.GetUtcNow() - EventRetention);
        if (saved?.Workspace is { } workspace)
        {
            var restored = new TaskRouterEngine(workspace, time, store, logger);
            restored.Restore(saved);
            return restored;
        }

        var now = time.GetUtcNow();
        var offline = NewActivity("Offline", false, now);
        var created = new WorkspaceInfo
        {
            Sid = Sids.New(Sids.Workspace),
            AccountSid = accountSid,
            FriendlyName = friendlyName,
            DefaultActivitySid = offline.Sid,
            TimeoutActivitySid = offline.Sid,
            DateCreated = now,
            DateUpdated = now,
        };
        var engine = new TaskRouterEngine(created, time, store, logger);
        long durable;
        lock (engine._lock)
        {
            engine.MarkWorkspace();
            engine.Emit(EventTypes.WorkspaceCreated, "Workspace", created.Sid, "Workspace created");
            engine.AddActivity(offline);
            foreach (var (name, available) in new[] { ("Available", true), ("Unavailable", false), ("Break", false) })
            {
                engine.AddActivity(NewActivity(name, available, now));
            }

            foreach (var channel in new[] { "default", "voice", "chat", "sms" })
            {
                engine.AddChannel(channel, channel == "default" ? "Default" : char.ToUpperInvariant(channel[0]) + channel[1..], now);
            }

            durable = engine.Commit();
        }

        engine.WaitUntilDurable(durable);
        engine.StartHeartbeat();
        return engine;
    }

    public WorkspaceInfo Workspace
    {
        get
        {
            lock (_lock)
            {
                return _workspace;
            }
        }
    }

    /// <summary>
    /// Subscribes to every event from now on, in the workspace's order. The reader completes when the engine is disposed.
    /// A subscriber that stops reading should dispose the returned handle; events are buffered until then.
    /// </summary>
    public EventSubscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<TaskRouterEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lock (_lock)
        {
            _subscribers = _subscribers.Add(channel);
        }

        return new EventSubscription(channel.Reader, () =>
        {
            lock (_lock)
            {
                _subscribers = _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        });
    }

    /// <summary>The sequence of the latest event, where a subscriber that only wants what comes next starts.</summary>
    public long LastSequence
    {
        get
        {
            lock (_lock)
            {
                return _sequence;
            }
        }
    }

    /// <summary>Events kept in memory (the last 30 days), optionally only those after <paramref name="afterSequence"/>.</summary>
    public IReadOnlyList<TaskRouterEvent> GetEvents(long afterSequence = 0)
    {
        lock (_lock)
        {
            if (afterSequence <= 0)
            {
                return _events.ToArray();
            }

            var start = _events.FindIndex(e => e.Sequence > afterSequence);
            return start < 0 ? [] : _events.GetRange(start, _events.Count - start).ToArray();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            _heartbeat?.Dispose();
        }

        _writer?.Dispose();
        _store?.Dispose();
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryComplete();
        }
    }

    /// <summary>Runs a command under the lock, routes and commits what it changed, and returns once that is durable.</summary>
    private TaskRouterResult<T> Execute<T>(Func<DateTimeOffset, TaskRouterResult<T>> command)
    {
        TaskRouterResult<T> result;
        long durable;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            result = command(_time.GetUtcNow());
            PumpRouting();
            durable = Commit();
        }

        WaitUntilDurable(durable);
        return result;
    }

    /// <summary>
    /// Hands the changes of the current command to the store writer (or publishes at once without a store) and
    /// returns the ticket to wait on; 0 when there is nothing to wait for.
    /// </summary>
    private long Commit()
    {
        if (_dirty.Count == 0 && _newEvents.Count == 0)
        {
            return 0;
        }

        RescheduleTimer();
        var events = _newEvents.ToArray();
        _newEvents.Clear();
        if (_writer is null)
        {
            _dirty.Clear();
            Publish(events);
            return 0;
        }

        var changes = new Dictionary<(string Kind, string Sid), object?>(_dirty);
        _dirty.Clear();
        return _writer.Enqueue(changes, events, _time.GetUtcNow());
    }

    private void WaitUntilDurable(long ticket)
    {
        if (ticket > 0)
        {
            _writer!.WaitUntilWritten(ticket);
        }
    }

    private void Publish(IReadOnlyList<TaskRouterEvent> events)
    {
        var subscribers = _subscribers;
        foreach (var evt in events)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Writer.TryWrite(evt);
            }
        }
    }

    private void MarkWorkspace() => _dirty[(EngineStore.WorkspaceKind, _workspace.Sid)] = _workspace;

    private void Put(ActivityInfo activity)
    {
        _activities[activity.Sid] = activity;
        _dirty[(EngineStore.ActivityKind, activity.Sid)] = activity;
    }

    private void Put(TaskChannelInfo channel)
    {
        _channels[channel.Sid] = channel;
        _dirty[(EngineStore.ChannelKind, channel.Sid)] = channel;
    }

    private void Put(WorkerInfo worker)
    {
        _workers[worker.Sid] = worker;
        _dirty[(EngineStore.WorkerKind, worker.Sid)] = worker;
    }

    private void Put(TaskQueueInfo queue)
    {
        _queues[queue.Sid] = queue;
        _dirty[(EngineStore.QueueKind, queue.Sid)] = queue;
    }

    private void Put(WorkflowInfo workflow)
    {
        _workflows[workflow.Sid] = workflow;
        _dirty[(EngineStore.WorkflowKind, workflow.Sid)] = workflow;
    }

    private void Put(TaskInfo task)
    {
        _tasks[task.Sid] = task;
        _dirty[(EngineStore.TaskKind, task.Sid)] = task;
    }

    private void Put(ReservationInfo reservation)
    {
        _reservations[reservation.Sid] = reservation;
        _dirty[(EngineStore.ReservationKind, reservation.Sid)] = reservation;
    }

    private void Forget(string kind, string sid) => _dirty[(kind, sid)] = null;

    private static ActivityInfo NewActivity(string name, bool available, DateTimeOffset now) => new()
    {
        Sid = Sids.New(Sids.Activity),
        FriendlyName = name,
        Available = available,
        DateCreated = now,
        DateUpdated = now,
    };

    private void AddActivity(ActivityInfo activity)
    {
        Put(activity);
        Emit(EventTypes.ActivityCreated, "Activity", activity.Sid, $"Activity {activity.FriendlyName} created", activity: activity);
    }

    private TaskChannelInfo AddChannel(string uniqueName, string friendlyName, DateTimeOffset now)
    {
        var channel = new TaskChannelInfo
        {
            Sid = Sids.New(Sids.Channel),
            UniqueName = uniqueName,
            FriendlyName = friendlyName,
            DateCreated = now,
            DateUpdated = now,
        };
        Put(channel);
        Emit(EventTypes.TaskChannelCreated, "TaskChannel", channel.Sid, $"TaskChannel {uniqueName} created", channel: channel);
        return channel;
    }
}

/// <summary>A live subscription to a workspace's events; dispose it to stop receiving.</summary>
public sealed class EventSubscription(ChannelReader<TaskRouterEvent> reader, Action unsubscribe) : IDisposable
{
    private int _disposed;

    public ChannelReader<TaskRouterEvent> Reader { get; } = reader;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            unsubscribe();
        }
    }
}
