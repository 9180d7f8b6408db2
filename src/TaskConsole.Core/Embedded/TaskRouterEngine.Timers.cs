using Microsoft.Extensions.Logging;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

internal enum TimerKind
{
    ReservationTimeout,
    TaskTtl,
    TaskStep,
    TaskAssigned,
    TaskRetention,
}

public sealed partial class TaskRouterEngine
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    // Entries are never removed when a deadline changes: each firing re-checks the resource's current deadline.
    private readonly PriorityQueue<(TimerKind Kind, string Sid, DateTimeOffset Due), DateTimeOffset> _timerQueue = new();
    private readonly ITimer _timer;
    private ITimer? _heartbeat;
    private DateTimeOffset? _armedFor;

    private void Schedule(TimerKind kind, string sid, DateTimeOffset due) => _timerQueue.Enqueue((kind, sid, due), due);

    private void RescheduleTimer()
    {
        if (_disposed || !_timerQueue.TryPeek(out _, out var due))
        {
            return;
        }

        if (_armedFor == due)
        {
            return;
        }

        _armedFor = due;
        var wait = due - _time.GetUtcNow();
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _armedFor = null;
            var now = _time.GetUtcNow();
            while (_timerQueue.TryPeek(out var entry, out var due) && due <= now)
            {
                _timerQueue.Dequeue();
                try
                {
                    Fire(entry.Kind, entry.Sid, entry.Due, now);
                }
                catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
                {
                    _logger.LogError(e, "Timer {Kind} for {Sid} failed", entry.Kind, entry.Sid);
                }

                PumpRouting();
            }

            _ = Commit();
            RescheduleTimer();
        }
    }

    private void Fire(TimerKind kind, string sid, DateTimeOffset due, DateTimeOffset now)
    {
        switch (kind)
        {
            case TimerKind.ReservationTimeout:
                if (_reservations.TryGetValue(sid, out var reservation) && reservation.ReservationStatus == ReservationStatus.Pending && reservation.TimeoutDueAt == due)
                {
                    SetReservationStatus(reservation, ReservationStatus.Timeout, now, EventTypes.ReservationTimeout, $"Reservation for {reservation.WorkerName} timed out");
                    if (_workers.TryGetValue(reservation.WorkerSid, out var worker) && worker.ActivitySid != _workspace.TimeoutActivitySid)
                    {
                        ChangeActivity(worker, _workspace.TimeoutActivitySid, now);
                    }

                    ReturnToPendingIfUnreserved(reservation.TaskSid, now);
                }

                break;
            case TimerKind.TaskTtl:
                if (_tasks.TryGetValue(sid, out var expiring) && expiring.TtlDueAt == due
                    && expiring.AssignmentStatus is TaskAssignmentStatus.Pending or TaskAssignmentStatus.Reserved)
                {
                    CancelTask(expiring, TtlExceededReason, now);
                }

                break;
            case TimerKind.TaskStep:
                if (_tasks.TryGetValue(sid, out var stepping) && stepping.StepDueAt == due && stepping.AssignmentStatus == TaskAssignmentStatus.Pending)
                {
                    StepTimedOut(stepping, now);
                }

                break;
            case TimerKind.TaskAssigned:
                if (_tasks.TryGetValue(sid, out var stuck) && stuck.AssignedDueAt == due
                    && stuck.AssignmentStatus is TaskAssignmentStatus.Assigned or TaskAssignmentStatus.Wrapping)
                {
                    var ended = Terminate(stuck, TaskAssignmentStatus.Canceled, AssignedLimitReason, now);
                    foreach (var held in (_reservationsByTask.GetValueOrDefault(sid) ?? []).Select(r => _reservations[r]).Where(r => r.ReservationStatus.HoldsCapacity()).ToArray())
                    {
                        SetReservationStatus(held, ReservationStatus.Canceled, now, EventTypes.ReservationCanceled, "Reservation canceled: task system-deleted");
                    }

                    Emit(EventTypes.TaskSystemDeleted, "Task", sid, AssignedLimitReason, task: ended);
                    RemoveTask(sid);
                }

                break;
            case TimerKind.TaskRetention:
                if (_tasks.TryGetValue(sid, out var ended2) && ended2.RetainUntil == due)
                {
                    RemoveTask(sid);
                }

                break;
        }
    }

    private void StartHeartbeat()
    {
        if (_writer is null)
        {
            return;
        }

        _heartbeat = _time.CreateTimer(_ =>
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                var now = _time.GetUtcNow();
                _writer!.Enqueue([], [], now);
                TrimEvents(now);
            }
        }, null, HeartbeatInterval, HeartbeatInterval);
    }

    /// <summary>
    /// Rebuilds the workspace from its store. The time the process was down is added to every running timer,
    /// so each resumes with the time it had left when the engine stopped.
    /// </summary>
    private void Restore(EngineSnapshot saved)
    {
        long durable;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var downtime = saved.Clock is { } clock && now > clock ? now - clock : TimeSpan.Zero;
            foreach (var activity in saved.Activities)
            {
                _activities[activity.Sid] = activity;
            }

            foreach (var channel in saved.Channels)
            {
                _channels[channel.Sid] = channel;
            }

            foreach (var queue in saved.Queues)
            {
                _queues[queue.Sid] = queue;
                _queueIndex[queue.Sid] = new QueueIndex(queue, TaskRouterExpression.Parse(queue.TargetWorkers, ExpressionScope.Worker));
            }

            foreach (var workflow in saved.Workflows)
            {
                _workflows[workflow.Sid] = workflow;
                try
                {
                    _workflowConfigs[workflow.Sid] = WorkflowConfiguration.Parse(workflow.Configuration, _queues.ContainsKey);
                }
                catch (WorkflowConfigurationException e)
                {
                    _logger.LogError("Workflow {Sid} has an invalid stored configuration: {Problem}", workflow.Sid, e.Message);
                }
            }

            foreach (var worker in saved.Workers)
            {
                _workers[worker.Sid] = worker;
                _workerQueues[worker.Sid] = new HashSet<string>(StringComparer.Ordinal);
                _workerFields[worker.Sid] = new WorkerFields(worker.Sid, worker.FriendlyName, worker.ActivitySid, worker.ActivityName);
            }

            foreach (var saved1 in saved.Reservations)
            {
                var reservation = saved1.TimeoutDueAt is { } due && downtime > TimeSpan.Zero ? saved1 with { TimeoutDueAt = due + downtime } : saved1;
                if (reservation != saved1)
                {
                    Put(reservation);
                }

                _reservations[reservation.Sid] = reservation;
                AddToList(_reservationsByTask, reservation.TaskSid, reservation.Sid);
                AddToList(_reservationsByWorker, reservation.WorkerSid, reservation.Sid);
                if (reservation.ReservationStatus.HoldsCapacity())
                {
                    AddLoad(reservation.WorkerSid, reservation.TaskChannelUniqueName, +1);
                }

                if (reservation.TimeoutDueAt is { } timeout && reservation.ReservationStatus == ReservationStatus.Pending)
                {
                    Schedule(TimerKind.ReservationTimeout, reservation.Sid, timeout);
                }
            }

            foreach (var saved1 in saved.Tasks)
            {
                var task = downtime > TimeSpan.Zero
                    ? saved1 with
                    {
                        TtlDueAt = saved1.TtlDueAt + downtime,
                        StepDueAt = saved1.StepDueAt + downtime,
                        AssignedDueAt = saved1.AssignedDueAt + downtime,
                        RetainUntil = saved1.RetainUntil + downtime,
                    }
                    : saved1;
                if (task != saved1)
                {
                    Put(task);
                }

                _tasks[task.Sid] = task;
                ScheduleTaskTimers(task);
            }

            foreach (var index in _queueIndex.Values)
            {
                RefreshQueueMembers(index);
            }

            foreach (var worker in _workers.Values)
            {
                RefreshReady(worker);
            }

            foreach (var task in _tasks.Values)
            {
                RefreshWaiting(task);
            }

            _events.AddRange(saved.Events);
            _sequence = saved.Events.Count > 0 ? saved.Events[^1].Sequence : saved.LastSequence;
            _workersToOffer.Clear();
            PumpRouting();
            durable = Commit();
            RescheduleTimer();
        }

        WaitUntilDurable(durable);
        StartHeartbeat();
    }

    private void ScheduleTaskTimers(TaskInfo task)
    {
        if (task.AssignmentStatus is TaskAssignmentStatus.Pending or TaskAssignmentStatus.Reserved)
        {
            Schedule(TimerKind.TaskTtl, task.Sid, task.TtlDueAt);
            if (task.StepDueAt is { } step)
            {
                Schedule(TimerKind.TaskStep, task.Sid, step);
            }
        }

        if (task.AssignedDueAt is { } assigned)
        {
            Schedule(TimerKind.TaskAssigned, task.Sid, assigned);
        }

        if (task.RetainUntil is { } retain)
        {
            Schedule(TimerKind.TaskRetention, task.Sid, retain);
        }
    }
}
