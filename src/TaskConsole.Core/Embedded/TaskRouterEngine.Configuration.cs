using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

public sealed partial class TaskRouterEngine
{
    public const int MaxFriendlyNameLength = 64;
    public const int MaxReservedWorkersLimit = 50;
    public const int MaxReservationTimeout = 86_400;

    public TaskRouterResult<WorkspaceInfo> UpdateWorkspace(WorkspaceSettings settings) => Execute<WorkspaceInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DefaultActivitySid is { } d && !_activities.ContainsKey(d))
        {
            return TaskRouterError.Invalid("DefaultActivitySid", $"'{d}' is not an activity of this workspace");
        }

        if (settings.TimeoutActivitySid is { } t && !_activities.ContainsKey(t))
        {
            return TaskRouterError.Invalid("TimeoutActivitySid", $"'{t}' is not an activity of this workspace");
        }

        if (settings.EventCallbackUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return TaskRouterError.Invalid("EventCallbackUrl", "must be an absolute URL");
        }

        _workspace = _workspace with
        {
            FriendlyName = settings.FriendlyName ?? _workspace.FriendlyName,
            DefaultActivitySid = settings.DefaultActivitySid ?? _workspace.DefaultActivitySid,
            TimeoutActivitySid = settings.TimeoutActivitySid ?? _workspace.TimeoutActivitySid,
            EventCallbackUrl = settings.EventCallbackUrl is null ? _workspace.EventCallbackUrl : NullIfEmpty(settings.EventCallbackUrl),
            EventsFilter = settings.EventsFilter is null ? _workspace.EventsFilter : NullIfEmpty(settings.EventsFilter),
            MultiTaskEnabled = settings.MultiTaskEnabled ?? _workspace.MultiTaskEnabled,
            PrioritizeQueueOrder = settings.PrioritizeQueueOrder ?? _workspace.PrioritizeQueueOrder,
            DateUpdated = now,
        };
        MarkWorkspace();
        Emit(EventTypes.WorkspaceUpdated, "Workspace", _workspace.Sid, "Workspace updated");
        return _workspace;
    });

    public TaskRouterResult<ActivityInfo> CreateActivity(string friendlyName, bool available) => Execute<ActivityInfo>(now =>
    {
        if (CheckName(friendlyName, "FriendlyName") is { } error)
        {
            return error;
        }

        if (_activities.Values.Any(a => string.Equals(a.FriendlyName, friendlyName, StringComparison.OrdinalIgnoreCase)))
        {
            return TaskRouterError.Invalid("FriendlyName", $"'{friendlyName}' is already the name of an activity");
        }

        var activity = NewActivity(friendlyName, available, now);
        AddActivity(activity);
        return activity;
    });

    public TaskRouterResult<ActivityInfo> UpdateActivity(string activitySid, string friendlyName) => Execute<ActivityInfo>(now =>
    {
        if (!_activities.TryGetValue(activitySid, out var activity))
        {
            return TaskRouterError.NotFound("Activity", activitySid);
        }

        if (CheckName(friendlyName, "FriendlyName") is { } error)
        {
            return error;
        }

        activity = activity with { FriendlyName = friendlyName, DateUpdated = now };
        Put(activity);
        foreach (var worker in _workers.Values.Where(w => w.ActivitySid == activitySid).ToArray())
        {
            Put(worker with { ActivityName = friendlyName });
            _workerFields[worker.Sid] = new WorkerFields(worker.Sid, worker.FriendlyName, activitySid, friendlyName);
        }

        Emit(EventTypes.ActivityUpdated, "Activity", activity.Sid, "Activity updated", activity: activity);
        return activity;
    });

    public TaskRouterResult<ActivityInfo> DeleteActivity(string activitySid) => Execute<ActivityInfo>(_ =>
    {
        if (!_activities.TryGetValue(activitySid, out var activity))
        {
            return TaskRouterError.NotFound("Activity", activitySid);
        }

        if (activitySid == _workspace.DefaultActivitySid || activitySid == _workspace.TimeoutActivitySid
            || _workers.Values.Any(w => w.ActivitySid == activitySid)
            || _queues.Values.Any(q => q.ReservationActivitySid == activitySid || q.AssignmentActivitySid == activitySid))
        {
            return new TaskRouterError(TaskRouterErrorKind.Conflict, $"Activity {activity.FriendlyName} is in use by the workspace, a worker or a queue");
        }

        _activities.Remove(activitySid);
        Forget(EngineStore.ActivityKind, activitySid);
        Emit(EventTypes.ActivityDeleted, "Activity", activity.Sid, "Activity deleted", activity: activity);
        return activity;
    });

    public TaskRouterResult<TaskChannelInfo> CreateTaskChannel(string uniqueName, string friendlyName) => Execute<TaskChannelInfo>(now =>
    {
        if (CheckName(uniqueName, "UniqueName") is { } error)
        {
            return error;
        }

        if (FindChannel(uniqueName) is not null)
        {
            return TaskRouterError.Invalid("UniqueName", $"'{uniqueName}' is already a task channel");
        }

        var channel = AddChannel(uniqueName, friendlyName, now);
        foreach (var worker in _workers.Values)
        {
            RefreshReady(worker);
        }

        return channel;
    });

    public TaskRouterResult<TaskChannelInfo> UpdateTaskChannel(string channelSidOrName, string? friendlyName, bool? channelOptimizedRouting) => Execute<TaskChannelInfo>(now =>
    {
        if (FindChannel(channelSidOrName) is not { } channel)
        {
            return TaskRouterError.NotFound("TaskChannel", channelSidOrName);
        }

        if (friendlyName is not null && CheckName(friendlyName, "FriendlyName") is { } error)
        {
            return error;
        }

        channel = channel with
        {
            FriendlyName = friendlyName ?? channel.FriendlyName,
            ChannelOptimizedRouting = channelOptimizedRouting ?? channel.ChannelOptimizedRouting,
            DateUpdated = now,
        };
        Put(channel);
        Emit(EventTypes.TaskChannelUpdated, "TaskChannel", channel.Sid, $"TaskChannel {channel.UniqueName} updated", channel: channel);
        return channel;
    });

    public TaskRouterResult<TaskChannelInfo> DeleteTaskChannel(string channelSidOrName) => Execute<TaskChannelInfo>(_ =>
    {
        if (FindChannel(channelSidOrName) is not { } channel)
        {
            return TaskRouterError.NotFound("TaskChannel", channelSidOrName);
        }

        if (_tasks.Values.Any(t => t.TaskChannelSid == channel.Sid && !t.AssignmentStatus.IsTerminated()))
        {
            return new TaskRouterError(TaskRouterErrorKind.Conflict, $"TaskChannel {channel.UniqueName} still has active tasks");
        }

        _channels.Remove(channel.Sid);
        Forget(EngineStore.ChannelKind, channel.Sid);
        Emit(EventTypes.TaskChannelDeleted, "TaskChannel", channel.Sid, $"TaskChannel {channel.UniqueName} deleted", channel: channel);
        return channel;
    });

    public TaskRouterResult<WorkerInfo> CreateWorker(string friendlyName, string? attributes = null, string? activitySid = null) => Execute<WorkerInfo>(now =>
    {
        if (CheckName(friendlyName, "FriendlyName") is { } error)
        {
            return error;
        }

        if (_workers.Values.Any(w => string.Equals(w.FriendlyName, friendlyName, StringComparison.OrdinalIgnoreCase)))
        {
            return TaskRouterError.Invalid("FriendlyName", $"'{friendlyName}' is already the name of a worker");
        }

        if (Attributes.Validate(attributes ?? Attributes.Empty, out _) is { } problem)
        {
            return TaskRouterError.Invalid("Attributes", problem);
        }

        var activity = activitySid is null ? _activities[_workspace.DefaultActivitySid] : _activities.GetValueOrDefault(activitySid);
        if (activity is null)
        {
            return TaskRouterError.Invalid("ActivitySid", $"'{activitySid}' is not an activity of this workspace");
        }

        var worker = new WorkerInfo
        {
            Sid = Sids.New(Sids.Worker),
            FriendlyName = friendlyName,
            Attributes = attributes ?? Attributes.Empty,
            ActivitySid = activity.Sid,
            ActivityName = activity.FriendlyName,
            Available = activity.Available,
            DateStatusChanged = now,
            DateCreated = now,
            DateUpdated = now,
            ChannelCapacity = _channels.Values.ToDictionary(c => c.UniqueName, _ => 1, StringComparer.Ordinal),
            ChannelAvailable = _channels.Values.ToDictionary(c => c.UniqueName, _ => true, StringComparer.Ordinal),
            IdleSince = now,
        };
        Put(worker);
        Emit(EventTypes.WorkerCreated, "Worker", worker.Sid, $"Worker {friendlyName} created", worker: worker);
        RefreshEligibility(worker);
        RefreshReady(worker);
        return worker;
    });

    public TaskRouterResult<WorkerInfo> UpdateWorker(string workerSid, WorkerSettings settings) => Execute<WorkerInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!_workers.TryGetValue(workerSid, out var worker))
        {
            return TaskRouterError.NotFound("Worker", workerSid);
        }

        if (settings.IfMatch is { } etag && etag != ETag(worker.Version))
        {
            return new TaskRouterError(TaskRouterErrorKind.PreconditionFailed, $"If-Match {etag} does not match the worker's ETag {ETag(worker.Version)}");
        }

        if (settings.FriendlyName is { } name)
        {
            if (CheckName(name, "FriendlyName") is { } error)
            {
                return error;
            }

            if (_workers.Values.Any(w => w.Sid != workerSid && string.Equals(w.FriendlyName, name, StringComparison.OrdinalIgnoreCase)))
            {
                return TaskRouterError.Invalid("FriendlyName", $"'{name}' is already the name of a worker");
            }
        }

        if (settings.Attributes is { } attributes && Attributes.Validate(attributes, out _) is { } problem)
        {
            return TaskRouterError.Invalid("Attributes", problem);
        }

        if (settings.ActivitySid is { } activitySid && !_activities.ContainsKey(activitySid))
        {
            return TaskRouterError.Invalid("ActivitySid", $"'{activitySid}' is not an activity of this workspace");
        }

        if (settings.FriendlyName is not null || settings.Attributes is not null)
        {
            worker = worker with
            {
                FriendlyName = settings.FriendlyName ?? worker.FriendlyName,
                Attributes = settings.Attributes ?? worker.Attributes,
                Version = worker.Version + 1,
                DateUpdated = now,
            };
            Put(worker);
            if (settings.Attributes is not null)
            {
                Emit(EventTypes.WorkerAttributesUpdate, "Worker", worker.Sid, "Worker attributes updated", worker: worker);
            }

            RefreshEligibility(worker);
        }

        if (settings.ActivitySid is { } newActivity && newActivity != worker.ActivitySid)
        {
            worker = ChangeActivity(worker, newActivity, now);
            if (!worker.Available && settings.RejectPendingReservations)
            {
                foreach (var sid in (_reservationsByWorker.GetValueOrDefault(workerSid) ?? []).ToArray())
                {
                    var reservation = _reservations[sid];
                    if (reservation.ReservationStatus == ReservationStatus.Pending)
                    {
                        SetReservationStatus(reservation, ReservationStatus.Rejected, now, EventTypes.ReservationRejected, "Reservation rejected: worker became unavailable");
                        ReturnToPendingIfUnreserved(reservation.TaskSid, now);
                    }
                }
            }
        }

        return _workers[workerSid];
    });

    public TaskRouterResult<WorkerInfo> DeleteWorker(string workerSid, string? ifMatch = null) => Execute<WorkerInfo>(now =>
    {
        if (!_workers.TryGetValue(workerSid, out var worker))
        {
            return TaskRouterError.NotFound("Worker", workerSid);
        }

        if (ifMatch is not null && ifMatch != ETag(worker.Version))
        {
            return new TaskRouterError(TaskRouterErrorKind.PreconditionFailed, $"If-Match {ifMatch} does not match the worker's ETag {ETag(worker.Version)}");
        }

        var reservations = (_reservationsByWorker.GetValueOrDefault(workerSid) ?? []).Select(s => _reservations[s]).ToArray();
        if (reservations.Any(r => r.ReservationStatus is ReservationStatus.Accepted or ReservationStatus.Wrapping))
        {
            return new TaskRouterError(TaskRouterErrorKind.Conflict, $"Worker {worker.FriendlyName} has assigned tasks; complete them first");
        }

        foreach (var reservation in reservations.Where(r => r.ReservationStatus == ReservationStatus.Pending))
        {
            SetReservationStatus(reservation, ReservationStatus.Canceled, now, EventTypes.ReservationCanceled, "Reservation canceled: worker deleted");
            ReturnToPendingIfUnreserved(reservation.TaskSid, now);
        }

        foreach (var queueSid in _workerQueues.GetValueOrDefault(workerSid) ?? [])
        {
            var index = _queueIndex[queueSid];
            index.Eligible.Remove(workerSid);
            if (_readyKeys.TryGetValue(workerSid, out var key))
            {
                index.Ready.Remove(key);
            }
        }

        _workerQueues.Remove(workerSid);
        _readyKeys.Remove(workerSid);
        _workerFields.Remove(workerSid);
        _load.Remove(workerSid);
        _workers.Remove(workerSid);
        Forget(EngineStore.WorkerKind, workerSid);
        Emit(EventTypes.WorkerDeleted, "Worker", workerSid, $"Worker {worker.FriendlyName} deleted", worker: worker);
        return worker;
    });

    /// <summary>Sets a worker's capacity (0 takes no new work) and availability on one task channel.</summary>
    public TaskRouterResult<WorkerInfo> UpdateWorkerChannel(string workerSid, string channelSidOrName, int? capacity, bool? available) => Execute<WorkerInfo>(now =>
    {
        if (!_workers.TryGetValue(workerSid, out var worker))
        {
            return TaskRouterError.NotFound("Worker", workerSid);
        }

        if (FindChannel(channelSidOrName) is not { } channel)
        {
            return TaskRouterError.NotFound("WorkerChannel", channelSidOrName);
        }

        if (capacity is < 0 or > 50)
        {
            return TaskRouterError.Invalid("Capacity", "must be between 0 and 50");
        }

        var capacities = new Dictionary<string, int>(worker.ChannelCapacity, StringComparer.Ordinal);
        var availability = new Dictionary<string, bool>(worker.ChannelAvailable, StringComparer.Ordinal);
        if (capacity is { } c)
        {
            capacities[channel.UniqueName] = c;
        }

        if (available is { } a)
        {
            availability[channel.UniqueName] = a;
        }

        worker = worker with { ChannelCapacity = capacities, ChannelAvailable = availability, Version = worker.Version + 1, DateUpdated = now };
        Put(worker);
        if (capacity is not null)
        {
            Emit(EventTypes.WorkerCapacityUpdate, "Worker", worker.Sid, $"Capacity on {channel.UniqueName} set to {capacity}", worker: worker, channel: channel);
        }

        if (available is not null)
        {
            Emit(EventTypes.WorkerChannelAvailabilityUpdate, "Worker", worker.Sid, $"Availability on {channel.UniqueName} set to {available}", worker: worker, channel: channel);
        }

        RefreshReady(worker);
        return worker;
    });

    public TaskRouterResult<TaskQueueInfo> CreateTaskQueue(TaskQueueSettings settings) => Execute<TaskQueueInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.FriendlyName is null)
        {
            return TaskRouterError.Invalid("FriendlyName", "is required");
        }

        if (ValidateQueue(settings, null) is { } error)
        {
            return error;
        }

        var queue = new TaskQueueInfo
        {
            Sid = Sids.New(Sids.Queue),
            FriendlyName = settings.FriendlyName,
            TargetWorkers = settings.TargetWorkers ?? "1==1",
            TaskOrder = settings.TaskOrder ?? TaskOrder.Fifo,
            MaxReservedWorkers = settings.MaxReservedWorkers ?? 1,
            ReservationActivitySid = NullIfEmpty(settings.ReservationActivitySid),
            AssignmentActivitySid = NullIfEmpty(settings.AssignmentActivitySid),
            DateCreated = now,
            DateUpdated = now,
        };
        Put(queue);
        var index = new QueueIndex(queue, TaskRouterExpression.Parse(queue.TargetWorkers, ExpressionScope.Worker));
        _queueIndex[queue.Sid] = index;
        RefreshQueueMembers(index);
        Emit(EventTypes.TaskQueueCreated, "TaskQueue", queue.Sid, $"TaskQueue {queue.FriendlyName} created", queueSid: queue.Sid);
        return queue;
    });

    public TaskRouterResult<TaskQueueInfo> UpdateTaskQueue(string queueSid, TaskQueueSettings settings) => Execute<TaskQueueInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!_queues.TryGetValue(queueSid, out var queue))
        {
            return TaskRouterError.NotFound("TaskQueue", queueSid);
        }

        if (ValidateQueue(settings, queueSid) is { } error)
        {
            return error;
        }

        var expressionChanged = settings.TargetWorkers is { } target && target != queue.TargetWorkers;
        var orderChanged = settings.TaskOrder is { } order && order != queue.TaskOrder;
        queue = queue with
        {
            FriendlyName = settings.FriendlyName ?? queue.FriendlyName,
            TargetWorkers = settings.TargetWorkers ?? queue.TargetWorkers,
            TaskOrder = settings.TaskOrder ?? queue.TaskOrder,
            MaxReservedWorkers = settings.MaxReservedWorkers ?? queue.MaxReservedWorkers,
            ReservationActivitySid = settings.ReservationActivitySid is null ? queue.ReservationActivitySid : NullIfEmpty(settings.ReservationActivitySid),
            AssignmentActivitySid = settings.AssignmentActivitySid is null ? queue.AssignmentActivitySid : NullIfEmpty(settings.AssignmentActivitySid),
            DateUpdated = now,
        };
        Put(queue);
        var index = _queueIndex[queueSid];
        if (orderChanged)
        {
            index.Waiting = new SortedSet<TaskKey>(index.Waiting, new TaskKeyComparer(queue.TaskOrder));
        }

        if (expressionChanged)
        {
            index.Target = TaskRouterExpression.Parse(queue.TargetWorkers, ExpressionScope.Worker);
            RefreshQueueMembers(index);
            Emit(EventTypes.TaskQueueExpressionUpdated, "TaskQueue", queue.Sid, "TaskQueue target_workers updated", queueSid: queue.Sid);
        }

        foreach (var key in index.Waiting)
        {
            _tasksToRoute.Add(key.Sid);
        }

        return queue;
    });

    public TaskRouterResult<TaskQueueInfo> DeleteTaskQueue(string queueSid) => Execute<TaskQueueInfo>(_ =>
    {
        if (!_queues.TryGetValue(queueSid, out var queue))
        {
            return TaskRouterError.NotFound("TaskQueue", queueSid);
        }

        if (_workflowConfigs.Values.Any(c => c.Filters.Any(f => f.Targets.Any(t => t.QueueSid == queueSid)) || c.DefaultTargets.Any(t => t.QueueSid == queueSid)))
        {
            return new TaskRouterError(TaskRouterErrorKind.Conflict, $"TaskQueue {queue.FriendlyName} is a target of a workflow");
        }

        if (_tasks.Values.Any(t => t.TaskQueueSid == queueSid && !t.AssignmentStatus.IsTerminated()))
        {
            return new TaskRouterError(TaskRouterErrorKind.Conflict, $"TaskQueue {queue.FriendlyName} still has active tasks");
        }

        Emit(EventTypes.TaskQueueDeleted, "TaskQueue", queue.Sid, $"TaskQueue {queue.FriendlyName} deleted", queueSid: queue.Sid);
        foreach (var workerSid in _queueIndex[queueSid].Eligible)
        {
            _workerQueues[workerSid].Remove(queueSid);
        }

        _queueIndex.Remove(queueSid);
        _queues.Remove(queueSid);
        Forget(EngineStore.QueueKind, queueSid);
        return queue;
    });

    public TaskRouterResult<WorkflowInfo> CreateWorkflow(WorkflowSettings settings) => Execute<WorkflowInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.FriendlyName is null)
        {
            return TaskRouterError.Invalid("FriendlyName", "is required");
        }

        if (settings.Configuration is null)
        {
            return TaskRouterError.Invalid("Configuration", "is required");
        }

        if (ValidateWorkflow(settings, out var config) is { } error)
        {
            return error;
        }

        var workflow = new WorkflowInfo
        {
            Sid = Sids.New(Sids.Workflow),
            FriendlyName = settings.FriendlyName,
            Configuration = settings.Configuration,
            TaskReservationTimeout = settings.TaskReservationTimeout ?? 120,
            AssignmentCallbackUrl = NullIfEmpty(settings.AssignmentCallbackUrl),
            FallbackAssignmentCallbackUrl = NullIfEmpty(settings.FallbackAssignmentCallbackUrl),
            DateCreated = now,
            DateUpdated = now,
        };
        Put(workflow);
        _workflowConfigs[workflow.Sid] = config!;
        Emit(EventTypes.WorkflowCreated, "Workflow", workflow.Sid, $"Workflow {workflow.FriendlyName} created", workflow: workflow);
        return workflow;
    });

    public TaskRouterResult<WorkflowInfo> UpdateWorkflow(string workflowSid, WorkflowSettings settings) => Execute<WorkflowInfo>(now =>
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!_workflows.TryGetValue(workflowSid, out var workflow))
        {
            return TaskRouterError.NotFound("Workflow", workflowSid);
        }

        if (ValidateWorkflow(settings, out var config) is { } error)
        {
            return error;
        }

        workflow = workflow with
        {
            FriendlyName = settings.FriendlyName ?? workflow.FriendlyName,
            Configuration = settings.Configuration ?? workflow.Configuration,
            TaskReservationTimeout = settings.TaskReservationTimeout ?? workflow.TaskReservationTimeout,
            AssignmentCallbackUrl = settings.AssignmentCallbackUrl is null ? workflow.AssignmentCallbackUrl : NullIfEmpty(settings.AssignmentCallbackUrl),
            FallbackAssignmentCallbackUrl = settings.FallbackAssignmentCallbackUrl is null ? workflow.FallbackAssignmentCallbackUrl : NullIfEmpty(settings.FallbackAssignmentCallbackUrl),
            DateUpdated = now,
        };
        Put(workflow);
        if (config is not null)
        {
            _workflowConfigs[workflow.Sid] = config;
        }

        Emit(EventTypes.WorkflowUpdated, "Workflow", workflow.Sid, "Workflow updated", workflow: workflow);
        if (settings.ReEvaluateTasks && config is not null)
        {
            foreach (var task in _tasks.Values.Where(t => t.WorkflowSid == workflowSid && t.AssignmentStatus == TaskAssignmentStatus.Pending).ToArray())
            {
                EnterWorkflow(task, now);
            }
        }

        return workflow;
    });

    public TaskRouterResult<WorkflowInfo> DeleteWorkflow(string workflowSid) => Execute<WorkflowInfo>(_ =>
    {
        if (!_workflows.TryGetValue(workflowSid, out var workflow))
        {
            return TaskRouterError.NotFound("Workflow", workflowSid);
        }

        if (_tasks.Values.Any(t => t.WorkflowSid == workflowSid && !t.AssignmentStatus.IsTerminated()))
        {
            return new TaskRouterError(TaskRouterErrorKind.Conflict, $"Workflow {workflow.FriendlyName} still has active tasks");
        }

        _workflows.Remove(workflowSid);
        _workflowConfigs.Remove(workflowSid);
        Forget(EngineStore.WorkflowKind, workflowSid);
        Emit(EventTypes.WorkflowDeleted, "Workflow", workflow.Sid, "Workflow deleted", workflow: workflow);
        return workflow;
    });

    private TaskRouterError? ValidateQueue(TaskQueueSettings settings, string? queueSid)
    {
        if (settings.FriendlyName is { } name)
        {
            if (CheckName(name, "FriendlyName") is { } error)
            {
                return error;
            }

            if (_queues.Values.Any(q => q.Sid != queueSid && string.Equals(q.FriendlyName, name, StringComparison.OrdinalIgnoreCase)))
            {
                return TaskRouterError.Invalid("FriendlyName", $"'{name}' is already the name of a task queue");
            }
        }

        if (settings.TargetWorkers is { } expression && !TaskRouterExpression.TryParse(expression, ExpressionScope.Worker, out _, out var syntax))
        {
            return TaskRouterError.Invalid("TargetWorkers", $"is not a valid expression: {syntax!.Message}");
        }

        if (settings.MaxReservedWorkers is < 1 or > MaxReservedWorkersLimit)
        {
            return TaskRouterError.Invalid("MaxReservedWorkers", $"must be between 1 and {MaxReservedWorkersLimit}");
        }

        foreach (var (sid, parameter) in new[] { (settings.ReservationActivitySid, "ReservationActivitySid"), (settings.AssignmentActivitySid, "AssignmentActivitySid") })
        {
            if (sid is { Length: > 0 } && !_activities.ContainsKey(sid))
            {
                return TaskRouterError.Invalid(parameter, $"'{sid}' is not an activity of this workspace");
            }
        }

        return null;
    }

    private TaskRouterError? ValidateWorkflow(WorkflowSettings settings, out WorkflowConfiguration? config)
    {
        config = null;
        if (settings.FriendlyName is { } name && CheckName(name, "FriendlyName") is { } error)
        {
            return error;
        }

        if (settings.TaskReservationTimeout is < 1 or > MaxReservationTimeout)
        {
            return TaskRouterError.Invalid("TaskReservationTimeout", $"must be between 1 and {MaxReservationTimeout} seconds");
        }

        if (settings.Configuration is { } json)
        {
            try
            {
                config = WorkflowConfiguration.Parse(json, _queues.ContainsKey);
            }
            catch (WorkflowConfigurationException e)
            {
                return TaskRouterError.Invalid("Configuration", e.Message);
            }
        }

        return null;
    }

    private static TaskRouterError? CheckName(string? name, string parameter) =>
        string.IsNullOrWhiteSpace(name) ? TaskRouterError.Invalid(parameter, "is required")
        : name.Length > MaxFriendlyNameLength ? TaskRouterError.Invalid(parameter, $"must be at most {MaxFriendlyNameLength} characters")
        : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
