using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

public sealed partial class TaskRouterEngine
{
    public IReadOnlyList<ActivityInfo> GetActivities() => Read(() => _activities.Values.OrderBy(a => a.DateCreated).ToArray());

    public IReadOnlyList<TaskChannelInfo> GetTaskChannels() => Read(() => _channels.Values.OrderBy(c => c.DateCreated).ToArray());

    public IReadOnlyList<WorkerInfo> GetWorkers() => Read(() => _workers.Values.ToArray());

    public IReadOnlyList<TaskQueueInfo> GetTaskQueues() => Read(() => _queues.Values.OrderBy(q => q.DateCreated).ToArray());

    public IReadOnlyList<WorkflowInfo> GetWorkflows() => Read(() => _workflows.Values.OrderBy(w => w.DateCreated).ToArray());

    /// <summary>Every task the workspace still knows: active ones, and terminated ones for five minutes.</summary>
    public IReadOnlyList<TaskInfo> GetTasks() => Read(() => _tasks.Values.ToArray());

    public TaskInfo? GetTask(string sid) => Read(() => _tasks.GetValueOrDefault(sid));

    public WorkerInfo? GetWorker(string sid) => Read(() => _workers.GetValueOrDefault(sid));

    public TaskQueueInfo? GetTaskQueue(string sid) => Read(() => _queues.GetValueOrDefault(sid));

    public WorkflowInfo? GetWorkflow(string sid) => Read(() => _workflows.GetValueOrDefault(sid));

    public ActivityInfo? GetActivity(string sid) => Read(() => _activities.GetValueOrDefault(sid));

    public ReservationInfo? GetReservation(string sid) => Read(() => _reservations.GetValueOrDefault(sid));

    public IReadOnlyList<ReservationInfo> GetTaskReservations(string taskSid) =>
        Read(() => (_reservationsByTask.GetValueOrDefault(taskSid) ?? []).Select(s => _reservations[s]).ToArray());

    public IReadOnlyList<ReservationInfo> GetWorkerReservations(string workerSid) =>
        Read(() => (_reservationsByWorker.GetValueOrDefault(workerSid) ?? []).Select(s => _reservations[s]).ToArray());

    public IReadOnlyList<ReservationInfo> GetActiveReservations() =>
        Read(() => _reservations.Values.Where(r => r.ReservationStatus.HoldsCapacity()).ToArray());

    /// <summary>The sids of the queues whose target_workers expression matches the worker.</summary>
    public IReadOnlyList<string> GetWorkerQueueSids(string workerSid) => Read(() => (_workerQueues.GetValueOrDefault(workerSid) ?? []).ToArray());

    /// <summary>Where a task is in its workflow: the filter it matched, the target it is at, and when it moves on.</summary>
    public RoutingStep? GetRoutingStep(string taskSid) => Read(() =>
    {
        if (!_tasks.TryGetValue(taskSid, out var task) || !_workflowConfigs.TryGetValue(task.WorkflowSid, out var config))
        {
            return null;
        }

        return new RoutingStep(task.FilterIndex is { } f ? config.Filters[f].FriendlyName : "default_filter", task.TargetIndex, task.StepDueAt);
    });

    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    public QueueRealTimeStatistics? GetQueueRealTimeStatistics(string queueSid, string? taskChannel = null) => Read(() =>
        _queues.ContainsKey(queueSid) ? BuildRealTime(queueSid, taskChannel, _time.GetUtcNow()) : null);

    public IReadOnlyList<QueueRealTimeStatistics> GetQueuesRealTimeStatistics(string? taskChannel = null) => Read(() =>
    {
        var now = _time.GetUtcNow();
        return _queues.Values.OrderBy(q => q.DateCreated).Select(q => BuildRealTime(q.Sid, taskChannel, now)).ToArray();
    });

    private QueueRealTimeStatistics BuildRealTime(string queueSid, string? taskChannel, DateTimeOffset now)
    {
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal) { ["pending"] = 0, ["reserved"] = 0, ["assigned"] = 0, ["wrapping"] = 0 };
        var byPriority = new SortedDictionary<string, int>(StringComparer.Ordinal);
        TaskInfo? oldest = null;
        TaskInfo? longestInQueue = null;
        var total = 0;
        foreach (var task in _tasks.Values)
        {
            if (task.TaskQueueSid != queueSid || task.AssignmentStatus.IsTerminated()
                || (taskChannel is not null && task.TaskChannelUniqueName != taskChannel && task.TaskChannelSid != taskChannel))
            {
                continue;
            }

            total++;
            byStatus[task.AssignmentStatus.ToWire()]++;
            var priority = task.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture);
            byPriority[priority] = byPriority.GetValueOrDefault(priority) + 1;
            if (task.AssignmentStatus == TaskAssignmentStatus.Pending)
            {
                if (oldest is null || task.DateCreated < oldest.DateCreated)
                {
                    oldest = task;
                }

                if (longestInQueue is null || task.TaskQueueEnteredDate < longestInQueue.TaskQueueEnteredDate)
                {
                    longestInQueue = task;
                }
            }
        }

        var index = _queueIndex[queueSid];
        var activityCounts = _activities.Values.ToDictionary(a => a.Sid, _ => 0, StringComparer.Ordinal);
        var available = 0;
        foreach (var sid in index.Eligible)
        {
            var worker = _workers[sid];
            activityCounts[worker.ActivitySid]++;
            if (worker.Available)
            {
                available++;
            }
        }

        return new QueueRealTimeStatistics(
            queueSid,
            oldest?.AgeSeconds(now) ?? 0,
            oldest?.Sid,
            longestInQueue?.TaskQueueEnteredDate is { } entered ? (long)Math.Max(0, (now - entered).TotalSeconds) : 0,
            longestInQueue?.Sid,
            byStatus,
            byPriority,
            total,
            available,
            index.Eligible.Count,
            _activities.Values.OrderBy(a => a.DateCreated).Select(a => new ActivityStatistic(a.Sid, a.FriendlyName, activityCounts[a.Sid])).ToArray());
    }

    public WorkersRealTimeStatistics GetWorkersRealTimeStatistics() => Read(() =>
    {
        var counts = _workers.Values.GroupBy(w => w.ActivitySid).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new WorkersRealTimeStatistics(
            _workers.Count,
            _activities.Values.OrderBy(a => a.DateCreated).Select(a => new ActivityStatistic(a.Sid, a.FriendlyName, counts.GetValueOrDefault(a.Sid))).ToArray());
    });

    /// <summary>Cumulative statistics of every queue over [start, end), from one pass over the event history.</summary>
    public IReadOnlyDictionary<string, QueueCumulativeStatistics> GetQueuesCumulativeStatistics(
        DateTimeOffset start, DateTimeOffset end, IReadOnlyList<int>? splitByWaitTime = null, string? taskChannel = null) => Read(() =>
    {
        var splits = splitByWaitTime ?? [];
        var tallies = _queues.Keys.ToDictionary(k => k, _ => new QueueTally(splits), StringComparer.Ordinal);
        foreach (var evt in EventsBetween(start, end))
        {
            if (evt.TaskQueueSid is not { } queueSid || !tallies.TryGetValue(queueSid, out var tally)
                || (taskChannel is not null && evt.TaskChannel != taskChannel))
            {
                continue;
            }

            tally.Add(evt);
        }

        return tallies.ToDictionary(t => t.Key, t => t.Value.ToStatistics(t.Key, start, end), StringComparer.Ordinal);
    });

    /// <summary>
    /// Cumulative statistics of the whole workspace, or of one workflow's tasks, over [start, end): the queue figures
    /// summed over those tasks, plus tasks created and tasks that left their workflow unaccepted.
    /// </summary>
    public WorkspaceCumulativeStatistics GetWorkspaceCumulativeStatistics(
        DateTimeOffset start, DateTimeOffset end, IReadOnlyList<int>? splitByWaitTime = null, string? taskChannel = null, string? workflowSid = null) => Read(() =>
    {
        var tally = new QueueTally(splitByWaitTime ?? []);
        var created = 0;
        var timedOut = 0;
        foreach (var evt in EventsBetween(start, end).Where(e => (taskChannel is null || e.TaskChannel == taskChannel) && (workflowSid is null || e.WorkflowSid == workflowSid)))
        {
            tally.Add(evt);
            created += evt.EventType == EventTypes.TaskCreated ? 1 : 0;
            timedOut += evt.EventType == EventTypes.WorkflowTimeout ? 1 : 0;
        }

        return new WorkspaceCumulativeStatistics(tally.ToStatistics(workflowSid ?? _workspace.Sid, start, end), created, timedOut);
    });

    public QueueCumulativeStatistics? GetQueueCumulativeStatistics(
        string queueSid, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<int>? splitByWaitTime = null, string? taskChannel = null) =>
        GetQueuesCumulativeStatistics(start, end, splitByWaitTime, taskChannel).GetValueOrDefault(queueSid);

    /// <summary>
    /// Every worker's cumulative statistics over [start, end). The tallies of an open window (one that no event has
    /// passed yet, like "today") are kept: the next call for the same start folds in only the events since, so the
    /// cost does not grow with the day's events. A closed window, or a change of workers or activities, tallies afresh.
    /// Only the snapshot (workers, activities and the events in question) is taken under the engine's lock; the counting
    /// happens outside it, so asking for 10,000 workers' figures never holds routing up.
    /// </summary>
    public IReadOnlyDictionary<string, WorkerCumulativeStatistics> GetWorkersCumulativeStatistics(DateTimeOffset start, DateTimeOffset end)
    {
        lock (_statisticsGate)
        {
            if (_openWindowTallies is { } running && running.Start == start)
            {
                var (now, activities, workers, events, lastEvent, through) = Read(() => (
                    _time.GetUtcNow(),
                    _activities.Values.OrderBy(a => a.DateCreated).ToArray(),
                    _workers.Values.ToArray(),
                    EventsAfter(running.Through).Where(e => e.WorkerSid is not null).ToArray(),
                    _events.Count > 0 ? _events[^1].Timestamp : DateTimeOffset.MinValue,
                    _sequence));
                if (lastEvent < end && running.Counts(activities, workers))
                {
                    running.AddAll(events, through);
                    return running.ToStatistics(workers, activities, end, now);
                }
            }

            return TallyAfresh(start, end);
        }
    }

    private IReadOnlyDictionary<string, WorkerCumulativeStatistics> TallyAfresh(DateTimeOffset start, DateTimeOffset end)
    {
        var (now, activities, workers, events, through) = Read(() => (
            _time.GetUtcNow(),
            _activities.Values.OrderBy(a => a.DateCreated).ToArray(),
            _workers.Values.ToArray(),
            EventsBetween(start, DateTimeOffset.MaxValue).Where(e => e.WorkerSid is not null).ToArray(),
            _sequence));
        var open = events.Length == 0 || events[^1].Timestamp < end;
        var tallies = new WorkerTallies(workers, activities, start, open ? DateTimeOffset.MaxValue : end);
        foreach (var evt in events)
        {
            if (evt.Timestamp < end)
            {
                tallies.Add(evt);
            }
            else if (evt.EventType == EventTypes.WorkerActivityUpdate)
            {
                // An activity change after the window ends an interval that may have begun inside it.
                tallies.AddInterval(evt.WorkerSid!, evt.PreviousActivitySid!, evt.Timestamp.AddSeconds(-(evt.PreviousActivitySeconds ?? 0)), evt.Timestamp);
            }
        }

        if (open)
        {
            tallies.Through = through;
            _openWindowTallies = tallies;
        }

        return tallies.ToStatistics(workers, activities, end, now);
    }

    public WorkerCumulativeStatistics? GetWorkerCumulativeStatistics(string workerSid, DateTimeOffset start, DateTimeOffset end) =>
        GetWorkersCumulativeStatistics(start, end).GetValueOrDefault(workerSid);

    /// <summary>The events of [start, end), found by binary search rather than by copying the whole history.</summary>
    public IReadOnlyList<TaskRouterEvent> GetEvents(DateTimeOffset start, DateTimeOffset end) => Read(() => EventsBetween(start, end).ToArray());

    private IEnumerable<TaskRouterEvent> EventsBetween(DateTimeOffset start, DateTimeOffset end)
    {
        var low = 0;
        var high = _events.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_events[middle].Timestamp < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low; i < _events.Count && _events[i].Timestamp < end; i++)
        {
            yield return _events[i];
        }
    }

    /// <summary>The events after a sequence number, found by binary search.</summary>
    private IEnumerable<TaskRouterEvent> EventsAfter(long sequence)
    {
        var low = 0;
        var high = _events.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_events[middle].Sequence <= sequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low; i < _events.Count; i++)
        {
            yield return _events[i];
        }
    }

    private sealed class QueueTally(IReadOnlyList<int> splits)
    {
        private readonly List<double> _acceptedWaits = [];
        private readonly List<double> _canceledWaits = [];
        private readonly List<double> _acceptedQueueWaits = [];
        private readonly int[] _canceledBelow = new int[splits.Count];
        private readonly int[] _canceledAbove = new int[splits.Count];
        private readonly int[] _acceptedBelow = new int[splits.Count];
        private readonly int[] _acceptedAbove = new int[splits.Count];
        private int _entered;
        private int _canceled;
        private int _completed;
        private int _deleted;
        private int _moved;
        private int _created;
        private int _rejected;
        private int _timedOut;
        private int _reservationsCanceled;
        private int _rescinded;

        public void Add(TaskRouterEvent evt)
        {
            switch (evt.EventType)
            {
                case EventTypes.TaskQueueEntered:
                    _entered++;
                    break;
                case EventTypes.TaskQueueMoved:
                    _moved++;
                    break;
                case EventTypes.TaskCanceled:
                    _canceled++;
                    var age = evt.TaskAgeSeconds ?? 0;
                    _canceledWaits.Add(age);
                    Split(age, _canceledBelow, _canceledAbove);
                    break;
                case EventTypes.TaskCompleted:
                    _completed++;
                    break;
                case EventTypes.TaskDeleted:
                    _deleted++;
                    break;
                case EventTypes.ReservationCreated:
                    _created++;
                    break;
                case EventTypes.ReservationAccepted:
                    var wait = evt.TaskAgeSeconds ?? 0;
                    _acceptedWaits.Add(wait);
                    _acceptedQueueWaits.Add(evt.QueueWaitSeconds ?? wait);
                    Split(wait, _acceptedBelow, _acceptedAbove);
                    break;
                case EventTypes.ReservationRejected:
                    _rejected++;
                    break;
                case EventTypes.ReservationTimeout:
                    _timedOut++;
                    break;
                case EventTypes.ReservationCanceled:
                    _reservationsCanceled++;
                    break;
                case EventTypes.ReservationRescinded:
                    _rescinded++;
                    break;
            }
        }

        private void Split(double seconds, int[] below, int[] above)
        {
            for (var i = 0; i < splits.Count; i++)
            {
                if (seconds < splits[i])
                {
                    below[i]++;
                }
                else
                {
                    above[i]++;
                }
            }
        }

        public QueueCumulativeStatistics ToStatistics(string queueSid, DateTimeOffset start, DateTimeOffset end)
        {
            var accepted = DurationStatistic.Of(_acceptedWaits);
            var buckets = new Dictionary<int, WaitTimeBucket>();
            for (var i = 0; i < splits.Count; i++)
            {
                buckets[splits[i]] = new WaitTimeBucket(new WaitTimeSplit(_canceledBelow[i], _acceptedBelow[i]), new WaitTimeSplit(_canceledAbove[i], _acceptedAbove[i]));
            }

            return new QueueCumulativeStatistics(
                queueSid,
                start,
                end,
                _entered,
                _canceled,
                _completed,
                _deleted,
                _moved,
                new ReservationCounts(_created, _acceptedWaits.Count, _rejected, _timedOut, _reservationsCanceled, _rescinded),
                accepted.Avg,
                accepted,
                DurationStatistic.Of(_canceledWaits),
                DurationStatistic.Of(_acceptedQueueWaits),
                buckets);
        }
    }

    /// <summary>
    /// Every worker's reservation counts and activity time in flat arrays, aggregated as the events stream past and
    /// clipped to [start, clipEnd). The interval each worker is in now is not stored: it is added when the statistics
    /// are read, so the tallies stay valid as time passes.
    /// </summary>
    private sealed class WorkerTallies
    {
        private const int Created = 0, Accepted = 1, Rejected = 2, TimedOut = 3, Canceled = 4, Rescinded = 5, Completed = 6, Counters = 7;
        private readonly string[] _workerSids;
        private readonly string[] _activitySids;
        private readonly Dictionary<string, int> _ordinals;
        private readonly Dictionary<string, int> _activityIndex;
        private readonly DateTimeOffset _clipEnd;
        private readonly int[] _counts;
        private readonly Aggregate[] _activities;

        public WorkerTallies(WorkerInfo[] workers, ActivityInfo[] activities, DateTimeOffset start, DateTimeOffset clipEnd)
        {
            Start = start;
            _clipEnd = clipEnd;
            _workerSids = workers.Select(w => w.Sid).ToArray();
            _activitySids = activities.Select(a => a.Sid).ToArray();
            _ordinals = new Dictionary<string, int>(_workerSids.Length, StringComparer.Ordinal);
            for (var i = 0; i < _workerSids.Length; i++)
            {
                _ordinals[_workerSids[i]] = i;
            }

            _activityIndex = new Dictionary<string, int>(_activitySids.Length, StringComparer.Ordinal);
            for (var i = 0; i < _activitySids.Length; i++)
            {
                _activityIndex[_activitySids[i]] = i;
            }

            _counts = new int[_workerSids.Length * Counters];
            _activities = new Aggregate[_workerSids.Length * _activitySids.Length];
        }

        public DateTimeOffset Start { get; }

        /// <summary>The sequence of the last event folded in.</summary>
        public long Through { get; set; }

        /// <summary>Whether these tallies count exactly these workers and activities, in this order.</summary>
        public bool Counts(ActivityInfo[] activities, WorkerInfo[] workers)
        {
            if (activities.Length != _activitySids.Length || workers.Length != _workerSids.Length)
            {
                return false;
            }

            for (var i = 0; i < activities.Length; i++)
            {
                if (!string.Equals(activities[i].Sid, _activitySids[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            for (var i = 0; i < workers.Length; i++)
            {
                if (!string.Equals(workers[i].Sid, _workerSids[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public void AddAll(IEnumerable<TaskRouterEvent> events, long through)
        {
            foreach (var evt in events)
            {
                if (evt.Sequence > Through && evt.Timestamp >= Start)
                {
                    Add(evt);
                }
            }

            Through = Math.Max(Through, through);
        }

        public void Add(TaskRouterEvent evt)
        {
            if (!_ordinals.TryGetValue(evt.WorkerSid!, out var worker))
            {
                return;
            }

            var counter = evt.EventType switch
            {
                EventTypes.ReservationCreated => Created,
                EventTypes.ReservationAccepted => Accepted,
                EventTypes.ReservationRejected => Rejected,
                EventTypes.ReservationTimeout => TimedOut,
                EventTypes.ReservationCanceled => Canceled,
                EventTypes.ReservationRescinded => Rescinded,
                EventTypes.TaskCompleted => Completed,
                _ => -1,
            };
            if (counter >= 0)
            {
                _counts[(worker * Counters) + counter]++;
            }
            else if (evt.EventType == EventTypes.WorkerActivityUpdate && evt.PreviousActivitySid is { } previous)
            {
                AddInterval(evt.WorkerSid!, previous, evt.Timestamp.AddSeconds(-(evt.PreviousActivitySeconds ?? 0)), evt.Timestamp);
            }
        }

        /// <summary>Adds the part of [from, to) spent in an activity that falls inside the window.</summary>
        public void AddInterval(string workerSid, string activitySid, DateTimeOffset from, DateTimeOffset to)
        {
            if (_ordinals.TryGetValue(workerSid, out var worker) && _activityIndex.TryGetValue(activitySid, out var activity)
                && Clip(from, to, _clipEnd) is { } seconds)
            {
                _activities[(worker * _activitySids.Length) + activity].Add(seconds);
            }
        }

        /// <summary>The figures of the window ending at <paramref name="end"/>, each worker's current activity counted until <paramref name="now"/>.</summary>
        public IReadOnlyDictionary<string, WorkerCumulativeStatistics> ToStatistics(WorkerInfo[] workers, ActivityInfo[] activities, DateTimeOffset end, DateTimeOffset now)
        {
            var results = new WorkerCumulativeStatistics[workers.Length];
            for (var i = 0; i < workers.Length; i++)
            {
                var current = _activityIndex.GetValueOrDefault(workers[i].ActivitySid, -1);
                var running = Clip(workers[i].DateStatusChanged, now, end);
                var durations = new ActivityDuration[activities.Length];
                for (var a = 0; a < activities.Length; a++)
                {
                    var aggregate = _activities[(i * activities.Length) + a];
                    if (a == current && running is { } seconds)
                    {
                        aggregate.Add(seconds);
                    }

                    durations[a] = aggregate.ToDuration(activities[a]);
                }

                var c = i * Counters;
                results[i] = new WorkerCumulativeStatistics(
                    workers[i].Sid,
                    Start,
                    end,
                    new ReservationCounts(_counts[c + Created], _counts[c + Accepted], _counts[c + Rejected], _counts[c + TimedOut], _counts[c + Canceled], _counts[c + Rescinded]),
                    _counts[c + Completed],
                    durations);
            }

            return new IndexedStatistics(_ordinals, results);
        }

        private double? Clip(DateTimeOffset from, DateTimeOffset to, DateTimeOffset end)
        {
            var clippedFrom = from > Start ? from : Start;
            var clippedTo = to < end ? to : end;
            return clippedTo > clippedFrom ? (clippedTo - clippedFrom).TotalSeconds : null;
        }
    }

    /// <summary>Statistics looked up by worker SID through the ordinal index they were computed with; no second dictionary.</summary>
    private sealed class IndexedStatistics(Dictionary<string, int> ordinals, WorkerCumulativeStatistics[] results) : IReadOnlyDictionary<string, WorkerCumulativeStatistics>
    {
        public int Count => results.Length;

        public IEnumerable<string> Keys => ordinals.Keys;

        public IEnumerable<WorkerCumulativeStatistics> Values => results;

        public WorkerCumulativeStatistics this[string key] => results[ordinals[key]];

        public bool ContainsKey(string key) => ordinals.ContainsKey(key);

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out WorkerCumulativeStatistics value)
        {
            value = ordinals.TryGetValue(key, out var ordinal) ? results[ordinal] : null;
            return value is not null;
        }

        public IEnumerator<KeyValuePair<string, WorkerCumulativeStatistics>> GetEnumerator() =>
            ordinals.Select(o => KeyValuePair.Create(o.Key, results[o.Value])).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private struct Aggregate
    {
        private int _count;
        private double _total;
        private double _min;
        private double _max;

        public void Add(double seconds)
        {
            _min = _count == 0 ? seconds : Math.Min(_min, seconds);
            _max = _count == 0 ? seconds : Math.Max(_max, seconds);
            _total += seconds;
            _count++;
        }

        public readonly ActivityDuration ToDuration(ActivityInfo activity) => _count == 0
            ? new ActivityDuration(activity.Sid, activity.FriendlyName, 0, 0, 0, 0)
            : new ActivityDuration(activity.Sid, activity.FriendlyName, (long)Math.Round(_total / _count), (long)_min, (long)_max, (long)Math.Round(_total));
    }
}
