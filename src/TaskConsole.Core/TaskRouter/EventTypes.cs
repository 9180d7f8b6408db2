namespace TaskConsole.Core.TaskRouter;

/// <summary>Twilio's TaskRouter event type names.</summary>
public static class EventTypes
{
    public const string ActivityCreated = "activity.created";
    public const string ActivityUpdated = "activity.updated";
    public const string ActivityDeleted = "activity.deleted";
    public const string ReservationCreated = "reservation.created";
    public const string ReservationAccepted = "reservation.accepted";
    public const string ReservationRejected = "reservation.rejected";
    public const string ReservationTimeout = "reservation.timeout";
    public const string ReservationCanceled = "reservation.canceled";
    public const string ReservationRescinded = "reservation.rescinded";
    public const string ReservationCompleted = "reservation.completed";
    public const string ReservationWrapup = "reservation.wrapup";
    public const string TaskCreated = "task.created";
    public const string TaskUpdated = "task.updated";
    public const string TaskCanceled = "task.canceled";
    public const string TaskWrapup = "task.wrapup";
    public const string TaskCompleted = "task.completed";
    public const string TaskDeleted = "task.deleted";
    public const string TaskSystemDeleted = "task.system-deleted";
    public const string TaskChannelCreated = "task-channel.created";
    public const string TaskChannelUpdated = "task-channel.updated";
    public const string TaskChannelDeleted = "task-channel.deleted";
    public const string TaskQueueCreated = "task-queue.created";
    public const string TaskQueueDeleted = "task-queue.deleted";
    public const string TaskQueueExpressionUpdated = "task-queue.expression.updated";
    public const string TaskQueueEntered = "task-queue.entered";
    public const string TaskQueueTimeout = "task-queue.timeout";
    public const string TaskQueueMoved = "task-queue.moved";
    public const string WorkerCreated = "worker.created";
    public const string WorkerActivityUpdate = "worker.activity.update";
    public const string WorkerAttributesUpdate = "worker.attributes.update";
    public const string WorkerCapacityUpdate = "worker.capacity.update";
    public const string WorkerChannelAvailabilityUpdate = "worker.channel.availability.update";
    public const string WorkerDeleted = "worker.deleted";
    public const string WorkflowCreated = "workflow.created";
    public const string WorkflowUpdated = "workflow.updated";
    public const string WorkflowDeleted = "workflow.deleted";
    public const string WorkflowEntered = "workflow.entered";
    public const string WorkflowTargetMatched = "workflow.target-matched";
    public const string WorkflowTimeout = "workflow.timeout";
    public const string WorkflowSkipped = "workflow.skipped";
    public const string WorkspaceCreated = "workspace.created";
    public const string WorkspaceUpdated = "workspace.updated";

    /// <summary>The events that end a task; history records are written from these.</summary>
    public static bool EndsTask(string eventType) =>
        eventType is TaskCompleted or TaskCanceled or TaskDeleted or TaskSystemDeleted;
}
