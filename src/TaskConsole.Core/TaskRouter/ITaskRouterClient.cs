using TaskConsole.Core.Domain;

namespace TaskConsole.Core.TaskRouter;

/// <summary>
/// One company's TaskRouter workspace, whichever engine serves it: the embedded engine or a Twilio workspace.
/// Everything TaskConsole shows and does goes through this port.
/// </summary>
/// <remarks>
/// Reads return immutable snapshots. Commands are guarded transitions: when the resource is not in a state that
/// allows the change they return a <see cref="TaskRouterError"/> naming its current status, and change nothing.
/// Implementations are thread-safe and registered once per company at start-up.
/// </remarks>
public interface ITaskRouterClient
{
    /// <summary>The company whose workspace this is.</summary>
    Company Company { get; }

    Task<WorkspaceInfo> GetWorkspaceAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TaskQueueInfo>> GetTaskQueuesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QueueRealTimeStatistics>> GetQueuesRealTimeStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>Cumulative statistics of every queue over [start, end), split at the given wait times in seconds.</summary>
    Task<IReadOnlyDictionary<string, QueueCumulativeStatistics>> GetQueuesCumulativeStatisticsAsync(
        DateTimeOffset start, DateTimeOffset end, IReadOnlyList<int> splitByWaitTime, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkerInfo>> GetWorkersAsync(CancellationToken cancellationToken = default);

    /// <summary>Cumulative statistics of every worker over [start, end).</summary>
    Task<IReadOnlyDictionary<string, WorkerCumulativeStatistics>> GetWorkersCumulativeStatisticsAsync(
        DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default);

    /// <summary>Replaces a worker's attributes (a JSON object of at most 4096 characters).</summary>
    Task<TaskRouterResult<WorkerInfo>> UpdateWorkerAttributesAsync(string workerSid, string attributes, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ActivityInfo>> GetActivitiesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkflowInfo>> GetWorkflowsAsync(CancellationToken cancellationToken = default);

    /// <summary>Tasks not yet completed or canceled.</summary>
    Task<IReadOnlyList<TaskInfo>> GetActiveTasksAsync(CancellationToken cancellationToken = default);

    Task<TaskInfo?> GetTaskAsync(string taskSid, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReservationInfo>> GetTaskReservationsAsync(string taskSid, CancellationToken cancellationToken = default);

    /// <summary>Where an active task is in its workflow; null when the task is unknown.</summary>
    Task<RoutingStep?> GetRoutingStepAsync(string taskSid, CancellationToken cancellationToken = default);

    /// <summary>Every reservation that holds a worker's capacity now: pending, accepted or wrapping.</summary>
    Task<IReadOnlyList<ReservationInfo>> GetActiveReservationsAsync(CancellationToken cancellationToken = default);

    Task<TaskRouterResult<TaskInfo>> CreateTaskAsync(NewTask request, CancellationToken cancellationToken = default);

    Task<TaskRouterResult<TaskInfo>> UpdateTaskAsync(string taskSid, TaskUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Deletes a task in any status: it is canceled at once and <c>task.deleted</c> is emitted.</summary>
    Task<TaskRouterResult<TaskInfo>> DeleteTaskAsync(string taskSid, CancellationToken cancellationToken = default);

    /// <summary>
    /// The workspace's events in order: first those still kept with a <see cref="TaskRouterEvent.Sequence"/> above
    /// <paramref name="afterSequence"/>, then every new one, until <paramref name="cancellationToken"/> is canceled.
    /// Events are buffered while the caller is busy; a caller that stops reading must cancel.
    /// </summary>
    IAsyncEnumerable<TaskRouterEvent> SubscribeAsync(long afterSequence, CancellationToken cancellationToken);
}

/// <summary>The workflow filter a task matched (<c>default_filter</c> when none), the index of its current target, and when that target times out.</summary>
public sealed record RoutingStep(string FilterName, int TargetIndex, DateTimeOffset? NextStepAt);

public enum TaskRouterMode
{
    Embedded,
    Twilio,
}

/// <summary>A tenant of TaskConsole: its id in URLs, its name, the time zone that defines its "today", and its engine.</summary>
public sealed record Company(string Id, string DisplayName, TimeZoneInfo TimeZone, TaskRouterMode Mode);
