using System.Globalization;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

public sealed partial class TaskRouterEngine
{
    public const int DefaultTaskTimeout = 86_400;
    public const int MaxTaskTimeout = 1_209_600;

    public TaskRouterResult<TaskInfo> CreateTask(NewTask request) => Execute<TaskInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Attributes.Validate(request.Attributes ?? Attributes.Empty, out _) is { } problem)
        {
            return TaskRouterError.Invalid("Attributes", problem);
        }

        if (request.Priority is < 0)
        {
            return TaskRouterError.Invalid("Priority", "must be between 0 and 2147483647");
        }

        if (request.Timeout is < 1 or > MaxTaskTimeout)
        {
            return TaskRouterError.Invalid("Timeout", $"must be between 1 and {MaxTaskTimeout} seconds");
        }

        WorkflowInfo? workflow;
        if (request.WorkflowSid is { } workflowSid)
        {
            if (!_workflows.TryGetValue(workflowSid, out workflow))
            {
                return TaskRouterError.Invalid("WorkflowSid", $"'{workflowSid}' is not a workflow of this workspace");
            }
        }
        else if (_workflows.Count == 1)
        {
            workflow = _workflows.Values.Single();
        }
        else
        {
            return TaskRouterError.Invalid("WorkflowSid", "is required when the workspace does not have exactly one workflow");
        }

        if (!_workflowConfigs.ContainsKey(workflow.Sid))
        {
            return TaskRouterError.Invalid("WorkflowSid", $"workflow '{workflow.Sid}' has no valid configuration");
        }

        var channelName = request.TaskChannel ?? "default";
        var channel = FindChannel(channelName);
        if (channel is null)
        {
            return TaskRouterError.Invalid("TaskChannel", $"'{channelName}' is not a task channel of this workspace");
        }

        var timeout = request.Timeout ?? DefaultTaskTimeout;
        var task = new TaskInfo
        {
            Sid = Sids.New(Sids.Task),
            Attributes = request.Attributes ?? Attributes.Empty,
            AssignmentStatus = TaskAssignmentStatus.Pending,
            Priority = request.Priority ?? 0,
            Timeout = timeout,
            WorkflowSid = workflow.Sid,
            TaskChannelSid = channel.Sid,
            TaskChannelUniqueName = channel.UniqueName,
            DateCreated = now,
            DateUpdated = now,
            VirtualStartTime = request.VirtualStartTime ?? now,
            TtlDueAt = now.AddSeconds(timeout),
        };
        Put(task);
        Schedule(TimerKind.TaskTtl, task.Sid, task.TtlDueAt);
        Emit(EventTypes.TaskCreated, "Task", task.Sid, "Task created", task: task);
        Emit(EventTypes.WorkflowEntered, "Task", task.Sid, $"Task entered workflow {workflow.FriendlyName}", task: task);
        EnterWorkflow(task, now);
        return _tasks[task.Sid];
    });

    /// <summary>
    /// Updates a task. A status change is one guarded transition: cancel from pending or reserved, wrapping from
    /// assigned, completed from assigned or wrapping; anything else is refused with the task's current status.
    /// Changing a pending task's attributes sends it through its workflow again, keeping its age.
    /// </summary>
    public TaskRouterResult<TaskInfo> UpdateTask(string taskSid, TaskUpdate update) => Execute<TaskInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_tasks.TryGetValue(taskSid, out var task))
        {
            return TaskRouterError.NotFound("Task", taskSid);
        }

        if (update.IfMatch is { } etag && etag != ETag(task.Version))
        {
            return new TaskRouterError(TaskRouterErrorKind.PreconditionFailed, $"If-Match {etag} does not match the task's ETag {ETag(task.Version)}");
        }

        if (update.AssignmentStatus is { } && update.Attributes is not null)
        {
            return TaskRouterError.Invalid("Attributes", "cannot change in the same request as AssignmentStatus");
        }

        if (update.Attributes is { } attributes && Attributes.Validate(attributes, out _) is { } problem)
        {
            return TaskRouterError.Invalid("Attributes", problem);
        }

        if (update.Priority is < 0)
        {
            return TaskRouterError.Invalid("Priority", "must be between 0 and 2147483647");
        }

        var status = task.AssignmentStatus;
        if (status.IsTerminated() && (update.Attributes is not null || update.Priority is not null || update.AssignmentStatus is not null || update.VirtualStartTime is not null))
        {
            return TaskRouterError.Transition($"Task {taskSid} is {status.ToWire()} and can no longer change", status.ToWire());
        }

        if (update.AssignmentStatus is { } target)
        {
            var allowed = target switch
            {
                TaskAssignmentStatus.Canceled => status is TaskAssignmentStatus.Pending or TaskAssignmentStatus.Reserved,
                TaskAssignmentStatus.Wrapping => status is TaskAssignmentStatus.Assigned,
                TaskAssignmentStatus.Completed => status is TaskAssignmentStatus.Assigned or TaskAssignmentStatus.Wrapping,
                _ => false,
            };
            if (!allowed)
            {
                return TaskRouterError.Transition($"Cannot move task {taskSid} from {status.ToWire()} to {target.ToWire()}", status.ToWire());
            }
        }

        if (update.Priority is { } priority || update.VirtualStartTime is not null)
        {
            task = task with
            {
                Priority = update.Priority ?? task.Priority,
                VirtualStartTime = update.VirtualStartTime ?? task.VirtualStartTime,
                Version = task.Version + 1,
                DateUpdated = now,
            };
            Put(task);
            RefreshWaiting(task);
            _tasksToRoute.Add(task.Sid);
        }

        if (update.Attributes is { } newAttributes)
        {
            task = task with { Attributes = newAttributes, Version = task.Version + 1, DateUpdated = now };
            Put(task);
            Emit(EventTypes.TaskUpdated, "Task", task.Sid, "Task attributes updated", task: task);
            if (task.AssignmentStatus == TaskAssignmentStatus.Pending)
            {
                EnterWorkflow(task, now);
            }
        }
        else if (update.Priority is not null || update.VirtualStartTime is not null)
        {
            Emit(EventTypes.TaskUpdated, "Task", task.Sid, "Task updated", task: task);
        }

        switch (update.AssignmentStatus)
        {
            case TaskAssignmentStatus.Canceled:
                CancelTask(task, update.Reason ?? "Task canceled", now);
                break;
            case TaskAssignmentStatus.Wrapping:
                WrapTask(task, update.Reason, now);
                break;
            case TaskAssignmentStatus.Completed:
                CompleteTask(task, update.Reason, now);
                break;
        }

        return _tasks[task.Sid];
    });

    /// <summary>Deletes a task in any status: it ends canceled at once, <c>task.deleted</c> is emitted, and it is gone.</summary>
    public TaskRouterResult<TaskInfo> DeleteTask(string taskSid, string? ifMatch = null, string? reason = null) => Execute<TaskInfo>(now =>
    {
        if (!_tasks.TryGetValue(taskSid, out var task))
        {
            return TaskRouterError.NotFound("Task", taskSid);
        }

        if (ifMatch is not null && ifMatch != ETag(task.Version))
        {
            return new TaskRouterError(TaskRouterErrorKind.PreconditionFailed, $"If-Match {ifMatch} does not match the task's ETag {ETag(task.Version)}");
        }

        var wasTerminated = task.AssignmentStatus.IsTerminated();
        if (!wasTerminated)
        {
            task = Terminate(task, TaskAssignmentStatus.Canceled, reason ?? DeletedReason, now);
            foreach (var sid in _reservationsByTask.GetValueOrDefault(task.Sid) ?? [])
            {
                var reservation = _reservations[sid];
                if (reservation.ReservationStatus.HoldsCapacity())
                {
                    SetReservationStatus(reservation, ReservationStatus.Canceled, now, EventTypes.ReservationCanceled, "Reservation canceled: task deleted");
                }
            }
        }

        Emit(EventTypes.TaskDeleted, "Task", task.Sid, "Task deleted", task: task);
        RemoveTask(task.Sid);
        return task;
    });

    /// <summary>
    /// Accepts, rejects, wraps or completes a reservation. Accepting assigns the task and rescinds its other
    /// pending reservations; rejecting returns the task to pending once no reservation of it is pending.
    /// </summary>
    public TaskRouterResult<ReservationInfo> UpdateReservation(string taskSid, string reservationSid, ReservationUpdate update) => Execute<ReservationInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_reservations.TryGetValue(reservationSid, out var reservation) || reservation.TaskSid != taskSid)
        {
            return TaskRouterError.NotFound("Reservation", reservationSid);
        }

        if (update.IfMatch is { } etag && etag != ETag(reservation.Version))
        {
            return new TaskRouterError(TaskRouterErrorKind.PreconditionFailed, $"If-Match {etag} does not match the reservation's ETag {ETag(reservation.Version)}");
        }

        if (update.WorkerActivitySid is { } activitySid && !_activities.ContainsKey(activitySid))
        {
            return TaskRouterError.Invalid("WorkerActivitySid", $"'{activitySid}' is not an activity of this workspace");
        }

        var task = _tasks[taskSid];
        var current = reservation.ReservationStatus;
        var allowed = update.ReservationStatus switch
        {
            ReservationStatus.Accepted or ReservationStatus.Rejected => current == ReservationStatus.Pending,
            ReservationStatus.Wrapping => current == ReservationStatus.Accepted,
            ReservationStatus.Completed => current is ReservationStatus.Accepted or ReservationStatus.Wrapping,
            _ => false,
        };
        if (!allowed)
        {
            return TaskRouterError.Transition(
                $"Cannot move reservation {reservationSid} from {current.ToWire()} to {update.ReservationStatus.ToWire()}", current.ToWire());
        }

        switch (update.ReservationStatus)
        {
            case ReservationStatus.Accepted:
                Accept(task, reservation, now);
                break;
            case ReservationStatus.Rejected:
                SetReservationStatus(reservation, ReservationStatus.Rejected, now, EventTypes.ReservationRejected, $"Reservation rejected by {reservation.WorkerName}");
                ReturnToPendingIfUnreserved(taskSid, now);
                break;
            case ReservationStatus.Wrapping:
                WrapTask(task, null, now);
                break;
            case ReservationStatus.Completed:
                CompleteTask(task, null, now);
                break;
        }

        if (update.WorkerActivitySid is { } newActivity && _workers.TryGetValue(reservation.WorkerSid, out var worker) && worker.ActivitySid != newActivity)
        {
            ChangeActivity(worker, newActivity, now);
        }

        return _reservations[reservationSid];
    });

    private void Accept(TaskInfo task, ReservationInfo reservation, DateTimeOffset now)
    {
        task = task with
        {
            AssignmentStatus = TaskAssignmentStatus.Assigned,
            LastWorkerSid = reservation.WorkerSid,
            DateAssigned = now,
            AssignedDueAt = now + AssignedTaskLimit,
            StepDueAt = null,
            Version = task.Version + 1,
            DateUpdated = now,
        };
        Put(task);
        RefreshWaiting(task);
        Schedule(TimerKind.TaskAssigned, task.Sid, task.AssignedDueAt!.Value);
        SetReservationStatus(reservation, ReservationStatus.Accepted, now, EventTypes.ReservationAccepted, $"Reservation accepted by {reservation.WorkerName}");
        CancelOpenReservations(task.Sid, now, ReservationStatus.Rescinded, EventTypes.ReservationRescinded, "Reservation rescinded: another worker accepted");
        if (_queues.TryGetValue(reservation.TaskQueueSid, out var queue) && queue.AssignmentActivitySid is { } activitySid
            && _workers.TryGetValue(reservation.WorkerSid, out var worker) && worker.ActivitySid != activitySid)
        {
            ChangeActivity(worker, activitySid, now);
        }
    }

    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    private TaskChannelInfo? FindChannel(string sidOrName) =>
        _channels.GetValueOrDefault(sidOrName) ?? _channels.Values.FirstOrDefault(c => string.Equals(c.UniqueName, sidOrName, StringComparison.Ordinal));
}
