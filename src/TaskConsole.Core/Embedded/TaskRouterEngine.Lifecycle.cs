using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

public sealed partial class TaskRouterEngine
{
    public const string WorkflowTimeoutReason = "Task canceled on Workflow timeout";
    public const string TtlExceededReason = "Task TTL Exceeded";
    public const string MaxAssignmentReason = "Task canceled: Max Assignment Count exceeded";
    public const string NoMatchingFilterReason = "Task canceled: no workflow filter matched and the workflow has no default_filter";
    public const string AssignedLimitReason = "Task system-deleted: not completed within 24 hours of assignment";
    public const string DeletedReason = "Task deleted";

    /// <summary>Matches the task against its workflow's filters, top to bottom, and enters the first target.</summary>
    private void EnterWorkflow(TaskInfo task, DateTimeOffset now)
    {
        var config = _workflowConfigs[task.WorkflowSid];
        int? filterIndex = null;
        var context = ExpressionContext.ForTask(task.AttributesDocument, now);
        for (var i = 0; i < config.Filters.Count; i++)
        {
            if (config.Filters[i].Expression.Evaluate(context))
            {
                filterIndex = i;
                break;
            }
        }

        EnterTarget(task, filterIndex, 0, now);
    }

    /// <summary>
    /// Moves the task into target <paramref name="targetIndex"/> of its filter, stepping past targets whose timeout
    /// the task's age has already passed. Past the last target the task leaves the workflow and is canceled.
    /// </summary>
    private void EnterTarget(TaskInfo task, int? filterIndex, int targetIndex, DateTimeOffset now, bool skipped = false)
    {
        var targets = _workflowConfigs[task.WorkflowSid].TargetsOf(filterIndex);
        while (targetIndex < targets.Count && targets[targetIndex].Timeout is { } timeout && task.DateCreated.AddSeconds(timeout) <= now)
        {
            targetIndex++;
        }

        if (targetIndex >= targets.Count)
        {
            if (skipped && filterIndex is not null && _workflowConfigs[task.WorkflowSid].DefaultTargets.Count > 0)
            {
                Emit(EventTypes.WorkflowSkipped, "Task", task.Sid, "Task skipped the last target of its filter", task: task);
                EnterTarget(task, null, 0, now);
                return;
            }

            var reason = filterIndex is null && targets.Count == 0 ? NoMatchingFilterReason : WorkflowTimeoutReason;
            if (reason == WorkflowTimeoutReason)
            {
                Emit(EventTypes.WorkflowTimeout, "Task", task.Sid, "Task left the workflow without being accepted", task: task);
            }

            CancelTask(task, reason, now);
            return;
        }

        var target = targets[targetIndex];
        var previousQueue = task.TaskQueueSid;
        var movedQueue = previousQueue != target.QueueSid;
        task = task with
        {
            FilterIndex = filterIndex,
            TargetIndex = targetIndex,
            TaskQueueSid = target.QueueSid,
            TaskQueueEnteredDate = movedQueue ? now : task.TaskQueueEnteredDate ?? now,
            Priority = target.Priority ?? task.Priority,
            StepDueAt = target.Timeout is { } t ? task.DateCreated.AddSeconds(t) : null,
            DateUpdated = now,
        };
        Put(task);
        RefreshWaiting(task);
        if (task.StepDueAt is { } due)
        {
            Schedule(TimerKind.TaskStep, task.Sid, due);
        }

        if (movedQueue && previousQueue is not null)
        {
            Emit(EventTypes.TaskQueueMoved, "Task", task.Sid, "Task moved to another queue", task: task, queueSid: previousQueue);
        }

        if (movedQueue)
        {
            Emit(EventTypes.TaskQueueEntered, "Task", task.Sid, $"Task entered queue {_queues[target.QueueSid].FriendlyName}", task: task);
        }

        var filterName = filterIndex is { } f ? _workflowConfigs[task.WorkflowSid].Filters[f].FriendlyName : "default_filter";
        Emit(EventTypes.WorkflowTargetMatched, "Task", task.Sid, $"Task matched target {targetIndex} of {filterName}", task: task);
        RouteTask(task.Sid, evaluateSkip: true);
    }

    private void SkipTarget(TaskInfo task, DateTimeOffset now) => EnterTarget(task, task.FilterIndex, task.TargetIndex + 1, now, skipped: true);

    /// <summary>The current target's timeout passed while the task was waiting: on to the next target.</summary>
    private void StepTimedOut(TaskInfo task, DateTimeOffset now)
    {
        Emit(EventTypes.TaskQueueTimeout, "Task", task.Sid, "Task timed out of its queue target", task: task);
        EnterTarget(task, task.FilterIndex, task.TargetIndex + 1, now);
    }

    private bool Reserve(string taskSid, string workerSid, DateTimeOffset now)
    {
        var task = _tasks[taskSid];
        var worker = _workers[workerSid];
        if (task.AssignmentStatus == TaskAssignmentStatus.Pending && task.AssignmentCount >= MaxAssignmentCount)
        {
            CancelTask(task, MaxAssignmentReason, now);
            return false;
        }

        var queue = _queues[task.TaskQueueSid!];
        var reservation = new ReservationInfo
        {
            Sid = Sids.New(Sids.Reservation),
            TaskSid = task.Sid,
            WorkerSid = worker.Sid,
            WorkerName = worker.FriendlyName,
            ReservationStatus = ReservationStatus.Pending,
            TaskQueueSid = queue.Sid,
            TaskChannelUniqueName = task.TaskChannelUniqueName,
            DateCreated = now,
            DateUpdated = now,
            TimeoutDueAt = now.AddSeconds(_workflows[task.WorkflowSid].TaskReservationTimeout),
        };
        Put(reservation);
        AddToList(_reservationsByTask, task.Sid, reservation.Sid);
        AddToList(_reservationsByWorker, worker.Sid, reservation.Sid);
        AddLoad(worker.Sid, task.TaskChannelUniqueName, +1);
        Schedule(TimerKind.ReservationTimeout, reservation.Sid, reservation.TimeoutDueAt!.Value);

        if (task.AssignmentStatus == TaskAssignmentStatus.Pending)
        {
            task = task with { AssignmentStatus = TaskAssignmentStatus.Reserved, AssignmentCount = task.AssignmentCount + 1, Version = task.Version + 1, DateUpdated = now };
            Put(task);
        }

        RefreshWaiting(task);
        Emit(EventTypes.ReservationCreated, "Reservation", reservation.Sid, $"Reservation created for {worker.FriendlyName}", task: task, worker: worker, reservation: reservation);
        if (queue.ReservationActivitySid is { } activitySid && activitySid != worker.ActivitySid)
        {
            worker = ChangeActivity(worker, activitySid, now);
        }

        RefreshReady(worker);
        return true;
    }

    /// <summary>Moves a reservation to a new status, releasing the worker's capacity when it stops holding it.</summary>
    private ReservationInfo SetReservationStatus(ReservationInfo reservation, ReservationStatus status, DateTimeOffset now, string eventType, string description)
    {
        var heldCapacity = reservation.ReservationStatus.HoldsCapacity();
        reservation = reservation with { ReservationStatus = status, DateUpdated = now, Version = reservation.Version + 1, TimeoutDueAt = null };
        Put(reservation);
        var worker = _workers.GetValueOrDefault(reservation.WorkerSid);
        if (heldCapacity && !status.HoldsCapacity())
        {
            AddLoad(reservation.WorkerSid, reservation.TaskChannelUniqueName, -1);
            if (worker is not null)
            {
                worker = worker with { IdleSince = now };
                Put(worker);
            }
        }

        Emit(eventType, "Reservation", reservation.Sid, description, task: _tasks.GetValueOrDefault(reservation.TaskSid), worker: worker, reservation: reservation);
        if (worker is not null)
        {
            RefreshReady(worker);
        }

        return reservation;
    }

    /// <summary>After a reservation ended unaccepted: the task waits again once none of its reservations is pending.</summary>
    private void ReturnToPendingIfUnreserved(string taskSid, DateTimeOffset now)
    {
        var task = _tasks[taskSid];
        if (task.AssignmentStatus != TaskAssignmentStatus.Reserved)
        {
            return;
        }

        if (PendingReservationCount(taskSid) > 0)
        {
            RefreshWaiting(task);
            _tasksToRoute.Add(taskSid);
            return;
        }

        task = task with { AssignmentStatus = TaskAssignmentStatus.Pending, Version = task.Version + 1, DateUpdated = now };
        Put(task);
        RefreshWaiting(task);
        if (task.StepDueAt is { } due && due <= now)
        {
            StepTimedOut(task, now);
        }
        else
        {
            _tasksToRoute.Add(taskSid);
        }
    }

    private void CancelOpenReservations(string taskSid, DateTimeOffset now, ReservationStatus status, string eventType, string description)
    {
        if (!_reservationsByTask.TryGetValue(taskSid, out var list))
        {
            return;
        }

        foreach (var sid in list.ToArray())
        {
            var reservation = _reservations[sid];
            if (reservation.ReservationStatus == ReservationStatus.Pending)
            {
                SetReservationStatus(reservation, status, now, eventType, description);
            }
        }
    }

    private void CancelTask(TaskInfo task, string reason, DateTimeOffset now)
    {
        task = Terminate(task, TaskAssignmentStatus.Canceled, reason, now);
        CancelOpenReservations(task.Sid, now, ReservationStatus.Canceled, EventTypes.ReservationCanceled, "Reservation canceled with its task");
        Emit(EventTypes.TaskCanceled, "Task", task.Sid, $"Task canceled: {reason}", task: task);
        if (reason == TtlExceededReason)
        {
            Emit(EventTypes.TaskSystemDeleted, "Task", task.Sid, "Task deleted after its TTL", task: task);
        }
    }

    private void CompleteTask(TaskInfo task, string? reason, DateTimeOffset now)
    {
        task = Terminate(task, TaskAssignmentStatus.Completed, reason, now);
        Emit(EventTypes.TaskCompleted, "Task", task.Sid, "Task completed", task: task, worker: task.LastWorkerSid is { } w ? _workers.GetValueOrDefault(w) : null);
        foreach (var sid in _reservationsByTask.GetValueOrDefault(task.Sid) ?? [])
        {
            var reservation = _reservations[sid];
            if (reservation.ReservationStatus is ReservationStatus.Accepted or ReservationStatus.Wrapping)
            {
                SetReservationStatus(reservation, ReservationStatus.Completed, now, EventTypes.ReservationCompleted, "Reservation completed");
            }
        }
    }

    private void WrapTask(TaskInfo task, string? reason, DateTimeOffset now)
    {
        task = task with { AssignmentStatus = TaskAssignmentStatus.Wrapping, Reason = reason ?? task.Reason, Version = task.Version + 1, DateUpdated = now };
        Put(task);
        Emit(EventTypes.TaskWrapup, "Task", task.Sid, "Task wrapping up", task: task, worker: task.LastWorkerSid is { } w ? _workers.GetValueOrDefault(w) : null);
        foreach (var sid in _reservationsByTask.GetValueOrDefault(task.Sid) ?? [])
        {
            var reservation = _reservations[sid];
            if (reservation.ReservationStatus == ReservationStatus.Accepted)
            {
                SetReservationStatus(reservation, ReservationStatus.Wrapping, now, EventTypes.ReservationWrapup, "Reservation wrapping up");
            }
        }
    }

    /// <summary>Ends a task: out of its queue, its timers void, and forgotten five minutes later as TaskRouter does.</summary>
    private TaskInfo Terminate(TaskInfo task, TaskAssignmentStatus status, string? reason, DateTimeOffset now)
    {
        task = task with
        {
            AssignmentStatus = status,
            Reason = reason ?? task.Reason,
            Version = task.Version + 1,
            DateUpdated = now,
            StepDueAt = null,
            AssignedDueAt = null,
            RetainUntil = now + RetainTerminatedTasks,
        };
        Put(task);
        RefreshWaiting(task);
        Schedule(TimerKind.TaskRetention, task.Sid, task.RetainUntil!.Value);
        return task;
    }

    /// <summary>Removes a task and its reservations from the workspace (delete, system delete, end of retention).</summary>
    private void RemoveTask(string taskSid)
    {
        if (!_tasks.Remove(taskSid))
        {
            return;
        }

        if (_waitingKeys.Remove(taskSid, out var old))
        {
            _queueIndex[old.QueueSid].Waiting.Remove(old.Key);
        }

        Forget(EngineStore.TaskKind, taskSid);
        if (_reservationsByTask.Remove(taskSid, out var reservations))
        {
            foreach (var sid in reservations)
            {
                if (_reservations.Remove(sid, out var reservation))
                {
                    _reservationsByWorker.GetValueOrDefault(reservation.WorkerSid)?.Remove(sid);
                    Forget(EngineStore.ReservationKind, sid);
                }
            }
        }
    }

    private WorkerInfo ChangeActivity(WorkerInfo worker, string activitySid, DateTimeOffset now)
    {
        var activity = _activities[activitySid];
        var previous = (worker.ActivitySid, Math.Max(0, (now - worker.DateStatusChanged).TotalSeconds));
        var becameAvailable = activity.Available && !worker.Available;
        worker = worker with
        {
            ActivitySid = activity.Sid,
            ActivityName = activity.FriendlyName,
            Available = activity.Available,
            DateStatusChanged = now,
            DateUpdated = now,
            IdleSince = becameAvailable ? now : worker.IdleSince,
            Version = worker.Version + 1,
        };
        Put(worker);
        _workerFields[worker.Sid] = new WorkerFields(worker.Sid, worker.FriendlyName, worker.ActivitySid, worker.ActivityName);
        Emit(EventTypes.WorkerActivityUpdate, "Worker", worker.Sid, $"Worker {worker.FriendlyName} is now {activity.FriendlyName}", worker: worker, previousActivity: previous);
        RefreshReady(worker);
        return worker;
    }

    private static void AddToList(Dictionary<string, List<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
