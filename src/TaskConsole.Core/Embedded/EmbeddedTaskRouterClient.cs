using System.Runtime.CompilerServices;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

/// <summary>The TaskRouter port over an in-process <see cref="TaskRouterEngine"/>.</summary>
public sealed class EmbeddedTaskRouterClient(Company company, TaskRouterEngine engine) : ITaskRouterClient
{
    public Company Company { get; } = company;

    public TaskRouterEngine Engine { get; } = engine;

    public Task<WorkspaceInfo> GetWorkspaceAsync(CancellationToken cancellationToken = default) => Task.FromResult(Engine.Workspace);

    public Task<IReadOnlyList<TaskQueueInfo>> GetTaskQueuesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Engine.GetTaskQueues());

    public Task<IReadOnlyList<QueueRealTimeStatistics>> GetQueuesRealTimeStatisticsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.GetQueuesRealTimeStatistics());

    public Task<IReadOnlyDictionary<string, QueueCumulativeStatistics>> GetQueuesCumulativeStatisticsAsync(
        DateTimeOffset start, DateTimeOffset end, IReadOnlyList<int> splitByWaitTime, CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.GetQueuesCumulativeStatistics(start, end, splitByWaitTime));

    public Task<IReadOnlyList<WorkerInfo>> GetWorkersAsync(CancellationToken cancellationToken = default) => Task.FromResult(Engine.GetWorkers());

    public Task<IReadOnlyDictionary<string, WorkerCumulativeStatistics>> GetWorkersCumulativeStatisticsAsync(
        DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.GetWorkersCumulativeStatistics(start, end));

    public Task<TaskRouterResult<WorkerInfo>> UpdateWorkerAttributesAsync(string workerSid, string attributes, CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.UpdateWorker(workerSid, new WorkerSettings(Attributes: attributes)));

    public Task<IReadOnlyList<ActivityInfo>> GetActivitiesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Engine.GetActivities());

    public Task<IReadOnlyList<WorkflowInfo>> GetWorkflowsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Engine.GetWorkflows());

    public Task<IReadOnlyList<TaskInfo>> GetActiveTasksAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TaskInfo>>(Engine.GetTasks().Where(t => !t.AssignmentStatus.IsTerminated()).ToArray());

    public Task<TaskInfo?> GetTaskAsync(string taskSid, CancellationToken cancellationToken = default) => Task.FromResult(Engine.GetTask(taskSid));

    public Task<IReadOnlyList<ReservationInfo>> GetTaskReservationsAsync(string taskSid, CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.GetTaskReservations(taskSid));

    public Task<RoutingStep?> GetRoutingStepAsync(string taskSid, CancellationToken cancellationToken = default) => Task.FromResult(Engine.GetRoutingStep(taskSid));

    public Task<IReadOnlyList<ReservationInfo>> GetActiveReservationsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.GetActiveReservations());

    public Task<TaskRouterResult<TaskInfo>> CreateTaskAsync(NewTask request, CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.CreateTask(request));

    public Task<TaskRouterResult<TaskInfo>> UpdateTaskAsync(string taskSid, TaskUpdate update, CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.UpdateTask(taskSid, update));

    public Task<TaskRouterResult<TaskInfo>> DeleteTaskAsync(string taskSid, CancellationToken cancellationToken = default) =>
        Task.FromResult(Engine.DeleteTask(taskSid));

    public async IAsyncEnumerable<TaskRouterEvent> SubscribeAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe before reading the history, so nothing falls between the two; the overlap is skipped by sequence.
        using var subscription = Engine.Subscribe();
        var last = afterSequence;
        foreach (var evt in Engine.GetEvents(afterSequence))
        {
            last = evt.Sequence;
            yield return evt;
        }

        while (await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (subscription.Reader.TryRead(out var evt))
            {
                if (evt.Sequence > last)
                {
                    last = evt.Sequence;
                    yield return evt;
                }
            }
        }
    }
}
