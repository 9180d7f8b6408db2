using System.Globalization;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.Components.Pages.Tasks;

/// <summary>
/// Why an active task is where it is: the workflow step it is at, how many workers its queue targets, how many of those
/// are available and have room on its channel, and in plain words what keeps it waiting.
/// </summary>
public sealed record WaitingExplanation(
    string Workflow,
    string? Filter,
    int? TargetIndex,
    string? Queue,
    string? TargetWorkers,
    DateTimeOffset? NextStepAt,
    int Eligible,
    int Available,
    int WithRoom,
    int Declining,
    IReadOnlyList<(string Activity, int Workers)> EligibleByActivity,
    IReadOnlyList<string> CouldTakeIt,
    int? PlaceInLine,
    string Verdict)
{
    /// <summary>Workers named as able to take the task, at most.</summary>
    private const int Named = 8;

    public static async Task<WaitingExplanation> ExplainAsync(ITaskRouterClient client, TaskInfo task, DateTimeOffset now, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(task);
        var workflow = (await client.GetWorkflowsAsync(cancellationToken)).FirstOrDefault(w => w.Sid == task.WorkflowSid)?.FriendlyName ?? task.WorkflowSid;
        var step = await client.GetRoutingStepAsync(task.Sid, cancellationToken);
        var queue = task.TaskQueueSid is { } queueSid ? (await client.GetTaskQueuesAsync(cancellationToken)).FirstOrDefault(q => q.Sid == queueSid) : null;
        if (queue is null)
        {
            return new(workflow, step?.FilterName, step?.TargetIndex, null, null, step?.NextStepAt, 0, 0, 0, 0, [], [], null,
                "The task is in no queue: its workflow has not placed it, or it left its last target.");
        }

        var workers = await client.GetWorkersAsync(cancellationToken);
        var target = TaskRouterExpression.Parse(queue.TargetWorkers, ExpressionScope.Worker);
        var eligible = workers
            .Where(w => target.Evaluate(ExpressionContext.ForWorker(w.AttributesDocument, new WorkerFields(w.Sid, w.FriendlyName, w.ActivitySid, w.ActivityName), now)))
            .ToList();
        var held = (await client.GetActiveReservationsAsync(cancellationToken))
            .Where(r => r.TaskChannelUniqueName == task.TaskChannelUniqueName)
            .GroupBy(r => r.WorkerSid)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var available = eligible.Where(w => w.Available).ToList();
        var withRoom = available
            .Where(w => w.ChannelAvailable.GetValueOrDefault(task.TaskChannelUniqueName, true)
                && held.GetValueOrDefault(w.Sid) < w.ChannelCapacity.GetValueOrDefault(task.TaskChannelUniqueName, 1))
            .ToList();
        var willing = withRoom.Where(w => !TaskRouterEngine.Declines(w, task)).ToList();
        var byActivity = eligible.GroupBy(w => w.ActivityName).OrderByDescending(g => g.Count()).Select(g => (g.Key, g.Count())).ToList();
        var ahead = task.AssignmentStatus == TaskAssignmentStatus.Pending
            ? (await client.GetActiveTasksAsync(cancellationToken)).Count(t => t.TaskQueueSid == queue.Sid && t.AssignmentStatus == TaskAssignmentStatus.Pending && t.Sid != task.Sid
                && (t.Priority > task.Priority || (t.Priority == task.Priority && (queue.TaskOrder == TaskOrder.Fifo ? t.DateCreated < task.DateCreated : t.DateCreated > task.DateCreated))))
            : (int?)null;
        var reservation = (await client.GetTaskReservationsAsync(task.Sid, cancellationToken)).FirstOrDefault(r => r.ReservationStatus == ReservationStatus.Pending);
        var verdict = Explain(task, reservation, zone, queue, eligible.Count, available.Count, withRoom.Count, willing.Count, byActivity, ahead);
        return new(workflow, step?.FilterName, step?.TargetIndex, queue.FriendlyName, queue.TargetWorkers, step?.NextStepAt,
            eligible.Count, available.Count, withRoom.Count, withRoom.Count - willing.Count, byActivity,
            willing.Select(w => w.FriendlyName).Order(StringComparer.OrdinalIgnoreCase).Take(Named).ToList(), ahead, verdict);
    }

    private static string Explain(
        TaskInfo task, ReservationInfo? reservation, TimeZoneInfo zone, TaskQueueInfo queue, int eligible, int available, int withRoom, int willing,
        IReadOnlyList<(string Activity, int Workers)> byActivity, int? ahead)
    {
        var channel = task.TaskChannelUniqueName;
        return task.AssignmentStatus switch
        {
            TaskAssignmentStatus.Reserved when reservation is not null =>
                $"Offered to {reservation.WorkerName}, who has not answered yet" + (reservation.TimeoutDueAt is { } due ? $"; the offer times out at {Shared.Format.Local(due, zone)}." : "."),
            TaskAssignmentStatus.Assigned or TaskAssignmentStatus.Wrapping => "Accepted: an agent is working on it.",
            _ when eligible == 0 => $"No worker matches the queue's target expression ({queue.TargetWorkers}).",
            _ when available == 0 => $"{eligible} workers match the queue, but none is in an available activity ("
                + string.Join(", ", byActivity.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Workers} {a.Activity}"))) + ").",
            _ when withRoom == 0 => $"{available} matching workers are available, but all are at capacity on the {channel} channel.",
            _ when willing == 0 => $"{withRoom} matching workers have room, but all have switched this task type off or gave this task up.",
            _ when ahead > 0 => $"{willing} workers could take it; {ahead} tasks with higher priority or longer wait are ahead of it in {queue.FriendlyName}.",
            _ => $"{willing} workers could take it; it is offered at the next routing pass (the workflow step's own expression may narrow them further).",
        };
    }
}
