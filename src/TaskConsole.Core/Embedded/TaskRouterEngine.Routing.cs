using System.Text.Json;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;

namespace TaskConsole.Core.Embedded;

public sealed partial class TaskRouterEngine
{
    private const int MaxPumpRounds = 100_000;

    private readonly Dictionary<string, QueueIndex> _queueIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _workerQueues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerKey> _readyKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerFields> _workerFields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _load = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string QueueSid, TaskKey Key)> _waitingKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tasksToRoute = new(StringComparer.Ordinal);
    private readonly HashSet<string> _workersToOffer = new(StringComparer.Ordinal);

    /// <summary>Routes until nothing more can be paired: tasks that need workers, and workers that became free.</summary>
    private void PumpRouting()
    {
        for (var round = 0; round < MaxPumpRounds && (_tasksToRoute.Count > 0 || _workersToOffer.Count > 0); round++)
        {
            if (_tasksToRoute.Count > 0)
            {
                var tasks = _tasksToRoute.ToArray();
                _tasksToRoute.Clear();
                foreach (var sid in tasks)
                {
                    RouteTask(sid, evaluateSkip: false);
                }
            }

            if (_workersToOffer.Count > 0)
            {
                var workers = _workersToOffer.ToArray();
                _workersToOffer.Clear();
                foreach (var sid in workers)
                {
                    OfferWorker(sid);
                }
            }
        }
    }

    /// <summary>Creates reservations for a task in its current target, up to the queue's max reserved workers.</summary>
    private void RouteTask(string taskSid, bool evaluateSkip)
    {
        if (!_tasks.TryGetValue(taskSid, out var task) || task.AssignmentStatus is not (TaskAssignmentStatus.Pending or TaskAssignmentStatus.Reserved)
            || task.TaskQueueSid is null || CurrentTarget(task) is not { } target)
        {
            return;
        }

        var queue = _queues[task.TaskQueueSid];
        var index = _queueIndex[queue.Sid];
        var wanted = queue.MaxReservedWorkers - PendingReservationCount(task.Sid);
        if (wanted <= 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var chosen = new List<WorkerInfo>();
        if (target.KnownWorkerSidPath is not null || target.KnownWorkerFriendlyNamePath is not null)
        {
            if (FindKnownWorker(task, target) is { } known && index.Eligible.Contains(known.Sid) && Accepts(known, task, target, now))
            {
                chosen.Add(known);
            }
        }
        else
        {
            foreach (var key in index.Ready)
            {
                var worker = _workers[key.Sid];
                if (Accepts(worker, task, target, now))
                {
                    chosen.Add(worker);
                    if (target.OrderBy.Count == 0 && chosen.Count == wanted)
                    {
                        break;
                    }
                }
            }

            if (target.OrderBy.Count > 0)
            {
                chosen = chosen.OrderBy(w => w, new OrderByComparer(target.OrderBy)).Take(wanted).ToList();
            }
        }

        foreach (var worker in chosen)
        {
            if (!Reserve(task.Sid, worker.Sid, now))
            {
                return;
            }
        }

        if (chosen.Count == 0 && evaluateSkip && target.SkipIf is { } skipIf
            && skipIf.Evaluate(new ExpressionContext(null, null, null, now, WorkerCounts(index))))
        {
            SkipTarget(_tasks[task.Sid], now);
        }
    }

    /// <summary>Offers a free worker the best waiting task of its queues: highest priority first, then the oldest.</summary>
    private void OfferWorker(string workerSid)
    {
        var now = _time.GetUtcNow();
        for (var offers = 0; offers < 64; offers++)
        {
            if (!_workers.TryGetValue(workerSid, out var worker) || !IsReady(worker) || !_workerQueues.TryGetValue(workerSid, out var queues))
            {
                return;
            }

            TaskInfo? best = null;
            foreach (var queueSid in queues)
            {
                foreach (var key in _queueIndex[queueSid].Waiting)
                {
                    var task = _tasks[key.Sid];
                    if (CurrentTarget(task) is { } target && Accepts(worker, task, target, now)
                        && (target.KnownWorkerSidPath is null && target.KnownWorkerFriendlyNamePath is null || FindKnownWorker(task, target)?.Sid == workerSid))
                    {
                        if (best is null || IsBetter(task, best))
                        {
                            best = task;
                        }

                        break;
                    }
                }
            }

            if (best is null || !Reserve(best.Sid, workerSid, now))
            {
                return;
            }
        }
    }

    private bool IsBetter(TaskInfo candidate, TaskInfo current)
    {
        if (candidate.Priority != current.Priority)
        {
            return candidate.Priority > current.Priority;
        }

        return _workspace.PrioritizeQueueOrder == TaskOrder.Lifo
            ? candidate.VirtualStartTime > current.VirtualStartTime
            : candidate.VirtualStartTime < current.VirtualStartTime;
    }

    /// <summary>Whether this worker may be offered this task in this target right now.</summary>
    private bool Accepts(WorkerInfo worker, TaskInfo task, WorkflowTarget target, DateTimeOffset now)
    {
        if (!CanTake(worker, task.TaskChannelUniqueName) || HasOpenReservation(task.Sid, worker.Sid) || Declines(worker, task))
        {
            return false;
        }

        return target.Expression is not { } expression
            || expression.Evaluate(new ExpressionContext(task.AttributesDocument, worker.AttributesDocument, _workerFields[worker.Sid], now));
    }

    /// <summary>
    /// Rules the engine applies in every workflow: a worker whose <c>unavailableTaskTypes</c> lists the task's
    /// <c>taskType</c> is not offered it, nor is a worker listed in the task's <c>excludedWorkerSids</c>.
    /// </summary>
    public static bool Declines(WorkerInfo worker, TaskInfo task)
    {
        if (task.AttributesJson.TryGetProperty("taskType"u8, out var type) && type.ValueKind == JsonValueKind.String
            && worker.AttributesJson.TryGetProperty("unavailableTaskTypes"u8, out var unavailable) && unavailable.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in unavailable.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.ValueEquals(type.GetString()))
                {
                    return true;
                }
            }
        }

        if (task.AttributesJson.TryGetProperty("excludedWorkerSids"u8, out var excluded) && excluded.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in excluded.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.ValueEquals(worker.Sid))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private WorkerInfo? FindKnownWorker(TaskInfo task, WorkflowTarget target)
    {
        var path = target.KnownWorkerSidPath ?? target.KnownWorkerFriendlyNamePath!;
        var element = task.AttributesJson;
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }

        if (element.ValueKind != JsonValueKind.String || element.GetString() is not { } value)
        {
            return null;
        }

        if (target.KnownWorkerSidPath is not null)
        {
            return _workers.GetValueOrDefault(value);
        }

        return _workers.Values.FirstOrDefault(w => string.Equals(w.FriendlyName, value, StringComparison.OrdinalIgnoreCase));
    }

    private bool CanTake(WorkerInfo worker, string channel)
    {
        if (!worker.Available || !worker.ChannelAvailable.GetValueOrDefault(channel, true))
        {
            return false;
        }

        var load = _load.TryGetValue(worker.Sid, out var loads) ? loads : null;
        if (!_workspace.MultiTaskEnabled)
        {
            return load is null || load.Values.Sum() == 0;
        }

        return worker.ChannelCapacity.GetValueOrDefault(channel, 1) > (load?.GetValueOrDefault(channel) ?? 0);
    }

    private bool IsReady(WorkerInfo worker)
    {
        if (!worker.Available)
        {
            return false;
        }

        foreach (var channel in _channels.Values)
        {
            if (CanTake(worker, channel.UniqueName))
            {
                return true;
            }
        }

        return false;
    }

    private WorkflowTarget? CurrentTarget(TaskInfo task)
    {
        if (!_workflowConfigs.TryGetValue(task.WorkflowSid, out var config))
        {
            return null;
        }

        var targets = config.TargetsOf(task.FilterIndex);
        return task.TargetIndex < targets.Count ? targets[task.TargetIndex] : null;
    }

    private int PendingReservationCount(string taskSid) =>
        _reservationsByTask.TryGetValue(taskSid, out var list) ? list.Count(r => _reservations[r].ReservationStatus == ReservationStatus.Pending) : 0;

    private bool HasOpenReservation(string taskSid, string workerSid) =>
        _reservationsByTask.TryGetValue(taskSid, out var list)
        && list.Exists(r => _reservations[r] is { } reservation && reservation.WorkerSid == workerSid && reservation.ReservationStatus.HoldsCapacity());

    private Dictionary<string, int> WorkerCounts(QueueIndex index)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["available"] = 0, ["unavailable"] = 0 };
        foreach (var sid in index.Eligible)
        {
            var worker = _workers[sid];
            counts[worker.Available ? "available" : "unavailable"]++;
            counts[worker.ActivitySid] = counts.GetValueOrDefault(worker.ActivitySid) + 1;
        }

        return counts;
    }

    /// <summary>
    /// Brings a worker's place in the queues' ready sets up to date with its activity, load and idle time; a worker
    /// with free capacity on any channel is offered work again, since what it can take may have changed.
    /// </summary>
    private void RefreshReady(WorkerInfo worker)
    {
        var hadKey = _readyKeys.Remove(worker.Sid, out var oldKey);
        var ready = IsReady(worker);
        var newKey = new WorkerKey(worker.IdleSince.UtcTicks, worker.Sid);
        if (hadKey && ready && oldKey == newKey)
        {
            _readyKeys[worker.Sid] = oldKey;
            _workersToOffer.Add(worker.Sid);
            return;
        }

        if (!_workerQueues.TryGetValue(worker.Sid, out var queues))
        {
            return;
        }

        foreach (var queueSid in queues)
        {
            var index = _queueIndex[queueSid];
            if (hadKey)
            {
                index.Ready.Remove(oldKey);
            }

            if (ready)
            {
                index.Ready.Add(newKey);
            }
        }

        if (ready)
        {
            _readyKeys[worker.Sid] = newKey;
            _workersToOffer.Add(worker.Sid);
        }
    }

    /// <summary>Re-evaluates which queues' target_workers expressions match the worker.</summary>
    private void RefreshEligibility(WorkerInfo worker)
    {
        var now = _time.GetUtcNow();
        var queues = _workerQueues.TryGetValue(worker.Sid, out var existing) ? existing : _workerQueues[worker.Sid] = new HashSet<string>(StringComparer.Ordinal);
        _workerFields[worker.Sid] = new WorkerFields(worker.Sid, worker.FriendlyName, worker.ActivitySid, worker.ActivityName);
        var context = ExpressionContext.ForWorker(worker.AttributesDocument, _workerFields[worker.Sid], now);
        foreach (var index in _queueIndex.Values)
        {
            SetEligible(index, worker, index.Target.Evaluate(context), queues);
        }

        _workersToOffer.Add(worker.Sid);
    }

    private void RefreshQueueMembers(QueueIndex index)
    {
        var now = _time.GetUtcNow();
        foreach (var worker in _workers.Values)
        {
            var queues = _workerQueues[worker.Sid];
            var context = ExpressionContext.ForWorker(worker.AttributesDocument, _workerFields[worker.Sid], now);
            SetEligible(index, worker, index.Target.Evaluate(context), queues);
        }
    }

    private void SetEligible(QueueIndex index, WorkerInfo worker, bool eligible, HashSet<string> workerQueues)
    {
        if (eligible)
        {
            if (index.Eligible.Add(worker.Sid))
            {
                workerQueues.Add(index.QueueSid);
                if (_readyKeys.TryGetValue(worker.Sid, out var key))
                {
                    index.Ready.Add(key);
                }

                _workersToOffer.Add(worker.Sid);
            }
        }
        else if (index.Eligible.Remove(worker.Sid))
        {
            workerQueues.Remove(index.QueueSid);
            if (_readyKeys.TryGetValue(worker.Sid, out var key))
            {
                index.Ready.Remove(key);
            }
        }
    }

    /// <summary>Keeps a task in its queue's waiting set exactly while it can take more reservations.</summary>
    private void RefreshWaiting(TaskInfo task)
    {
        if (_waitingKeys.Remove(task.Sid, out var old))
        {
            _queueIndex[old.QueueSid].Waiting.Remove(old.Key);
        }

        if (task.TaskQueueSid is not { } queueSid || !_queues.TryGetValue(queueSid, out var queue))
        {
            return;
        }

        var waiting = task.AssignmentStatus == TaskAssignmentStatus.Pending
            || (task.AssignmentStatus == TaskAssignmentStatus.Reserved && PendingReservationCount(task.Sid) < queue.MaxReservedWorkers);
        if (waiting)
        {
            var key = new TaskKey(task.Priority, task.VirtualStartTime.UtcTicks, task.Sid);
            _queueIndex[queueSid].Waiting.Add(key);
            _waitingKeys[task.Sid] = (queueSid, key);
        }
    }

    private void AddLoad(string workerSid, string channel, int delta)
    {
        if (!_load.TryGetValue(workerSid, out var loads))
        {
            _load[workerSid] = loads = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        loads[channel] = Math.Max(0, loads.GetValueOrDefault(channel) + delta);
    }

    private readonly record struct WorkerKey(long IdleTicks, string Sid) : IComparable<WorkerKey>
    {
        public int CompareTo(WorkerKey other)
        {
            var byIdle = IdleTicks.CompareTo(other.IdleTicks);
            return byIdle != 0 ? byIdle : string.CompareOrdinal(Sid, other.Sid);
        }
    }

    private readonly record struct TaskKey(int Priority, long OrderTicks, string Sid);

    private sealed class TaskKeyComparer(TaskOrder order) : IComparer<TaskKey>
    {
        public int Compare(TaskKey x, TaskKey y)
        {
            var byPriority = y.Priority.CompareTo(x.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            var byTime = order == TaskOrder.Lifo ? y.OrderTicks.CompareTo(x.OrderTicks) : x.OrderTicks.CompareTo(y.OrderTicks);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Sid, y.Sid);
        }
    }

    /// <summary>Sorts by <c>order_by</c> clauses; workers missing an attribute sort after those that have it.</summary>
    private sealed class OrderByComparer(IReadOnlyList<OrderByClause> clauses) : IComparer<WorkerInfo>
    {
        public int Compare(WorkerInfo? x, WorkerInfo? y)
        {
            foreach (var clause in clauses)
            {
                var left = Read(x!, clause.Path);
                var right = Read(y!, clause.Path);
                if (left is null && right is null)
                {
                    continue;
                }

                if (left is null || right is null)
                {
                    return left is null ? 1 : -1;
                }

                var order = left.Value.CompareTo(right.Value);
                if (order != 0)
                {
                    return clause.Descending ? -order : order;
                }
            }

            return x!.IdleSince.CompareTo(y!.IdleSince);
        }

        private static double? Read(WorkerInfo worker, IReadOnlyList<string> path)
        {
            var element = worker.AttributesJson;
            foreach (var segment in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                {
                    return null;
                }
            }

            return element.ValueKind == JsonValueKind.Number ? element.GetDouble() : null;
        }
    }

    private sealed class QueueIndex(TaskQueueInfo queue, TaskRouterExpression target)
    {
        public string QueueSid { get; } = queue.Sid;

        public TaskRouterExpression Target { get; set; } = target;

        public HashSet<string> Eligible { get; } = new(StringComparer.Ordinal);

        public SortedSet<WorkerKey> Ready { get; } = [];

        public SortedSet<TaskKey> Waiting { get; set; } = new(new TaskKeyComparer(queue.TaskOrder));
    }
}
