using System.Globalization;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

public sealed partial class TaskRouterEngine
{
    private void Emit(
        string eventType,
        string resourceType,
        string resourceSid,
        string description,
        TaskInfo? task = null,
        WorkerInfo? worker = null,
        ReservationInfo? reservation = null,
        string? queueSid = null,
        ActivityInfo? activity = null,
        TaskChannelInfo? channel = null,
        WorkflowInfo? workflow = null,
        (string Sid, double Seconds)? previousActivity = null)
    {
        var now = _time.GetUtcNow();
        var sid = Sids.New(Sids.Event);
        queueSid ??= reservation?.TaskQueueSid ?? task?.TaskQueueSid;
        var workflowSid = workflow?.Sid ?? task?.WorkflowSid;
        var data = new Dictionary<string, string>(32, StringComparer.Ordinal)
        {
            ["Sid"] = sid,
            ["EventType"] = eventType,
            ["AccountSid"] = _workspace.AccountSid,
            ["WorkspaceSid"] = _workspace.Sid,
            ["WorkspaceName"] = _workspace.FriendlyName,
            ["EventDescription"] = description,
            ["ResourceType"] = resourceType,
            ["ResourceSid"] = resourceSid,
            ["Timestamp"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["TimestampMs"] = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };

        if (task is not null)
        {
            data["TaskSid"] = task.Sid;
            data["TaskAttributes"] = task.Attributes;
            data["TaskAge"] = task.AgeSeconds(now).ToString(CultureInfo.InvariantCulture);
            data["TaskPriority"] = task.Priority.ToString(CultureInfo.InvariantCulture);
            data["TaskAssignmentStatus"] = task.AssignmentStatus.ToWire();
            data["TaskChannelSid"] = task.TaskChannelSid;
            data["TaskChannelUniqueName"] = task.TaskChannelUniqueName;
            data["TaskVersion"] = task.Version.ToString(CultureInfo.InvariantCulture);
            if (task.AssignmentStatus == TaskAssignmentStatus.Canceled && task.Reason is { } canceled)
            {
                data["TaskCanceledReason"] = canceled;
            }
            else if (task.AssignmentStatus == TaskAssignmentStatus.Completed && task.Reason is { } completed)
            {
                data["TaskCompletedReason"] = completed;
            }
        }

        if (worker is not null)
        {
            data["WorkerSid"] = worker.Sid;
            data["WorkerName"] = worker.FriendlyName;
            data["WorkerAttributes"] = worker.Attributes;
            data["WorkerActivitySid"] = worker.ActivitySid;
            data["WorkerActivityName"] = worker.ActivityName;
            data["WorkerVersion"] = worker.Version.ToString(CultureInfo.InvariantCulture);
            if (previousActivity is { } previous)
            {
                data["WorkerPreviousActivitySid"] = previous.Sid;
                data["WorkerTimeInPreviousActivity"] = ((long)previous.Seconds).ToString(CultureInfo.InvariantCulture);
                data["WorkerTimeInPreviousActivityMs"] = ((long)(previous.Seconds * 1000)).ToString(CultureInfo.InvariantCulture);
            }
        }

        if (reservation is not null)
        {
            data["ReservationSid"] = reservation.Sid;
        }

        if (queueSid is not null && _queues.TryGetValue(queueSid, out var queue))
        {
            data["TaskQueueSid"] = queue.Sid;
            data["TaskQueueName"] = queue.FriendlyName;
            data["TaskQueueTargetExpression"] = queue.TargetWorkers;
        }

        if (workflowSid is not null && _workflows.TryGetValue(workflowSid, out var flow))
        {
            data["WorkflowSid"] = flow.Sid;
            data["WorkflowName"] = flow.FriendlyName;
        }

        if (activity is not null)
        {
            data["ActivitySid"] = activity.Sid;
            data["ActivityName"] = activity.FriendlyName;
            data["ActivityAvailable"] = activity.Available ? "true" : "false";
        }

        if (channel is not null)
        {
            data["TaskChannelSid"] = channel.Sid;
            data["TaskChannelName"] = channel.FriendlyName;
            data["TaskChannelUniqueName"] = channel.UniqueName;
            data["TaskChannelOptimizedRouting"] = channel.ChannelOptimizedRouting ? "true" : "false";
        }

        var evt = new TaskRouterEvent
        {
            Sid = sid,
            Sequence = ++_sequence,
            EventType = eventType,
            ResourceType = resourceType,
            ResourceSid = resourceSid,
            Description = description,
            WorkspaceSid = _workspace.Sid,
            Timestamp = now,
            Data = data,
            TaskSid = task?.Sid,
            TaskStatus = task?.AssignmentStatus.ToWire(),
            WorkerSid = worker?.Sid ?? (reservation?.WorkerSid),
            ReservationSid = reservation?.Sid,
            TaskQueueSid = queueSid,
            WorkflowSid = workflowSid,
            TaskChannel = task?.TaskChannelUniqueName,
            TaskAgeSeconds = task is null ? null : Math.Max(0, (now - task.DateCreated).TotalSeconds),
            QueueWaitSeconds = task?.TaskQueueEnteredDate is { } entered ? Math.Max(0, (now - entered).TotalSeconds) : null,
            PreviousActivitySid = previousActivity?.Sid,
            PreviousActivitySeconds = previousActivity?.Seconds,
        };
        _events.Add(evt);
        _newEvents.Add(evt);
    }

    private void TrimEvents(DateTimeOffset now)
    {
        var cutoff = now - EventRetention;
        var keepFrom = _events.FindIndex(e => e.Timestamp >= cutoff);
        if (keepFrom > 0)
        {
            _events.RemoveRange(0, keepFrom);
        }
        else if (keepFrom < 0)
        {
            _events.Clear();
        }
    }
}
