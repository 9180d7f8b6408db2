using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TaskConsole.Core.Domain;

namespace TaskConsole.Web.Api;

/// <summary>TaskRouter resources in Twilio's snake_case shapes, with <c>attributes</c> as a JSON object.</summary>
public static class TaskRouterJson
{
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Date(DateTimeOffset? value) => value is { } v ? Date(v) : null;

    public static object Task(TaskInfo task, WorkspaceInfo workspace, IReadOnlyDictionary<string, TaskQueueInfo> queues, IReadOnlyDictionary<string, WorkflowInfo> workflows, DateTimeOffset now) => new
    {
        sid = task.Sid,
        account_sid = workspace.AccountSid,
        workspace_sid = workspace.Sid,
        attributes = task.AttributesJson,
        assignment_status = task.AssignmentStatus.ToWire(),
        age = task.AgeSeconds(now),
        priority = task.Priority,
        reason = task.Reason,
        timeout = task.Timeout,
        task_queue_sid = task.TaskQueueSid,
        task_queue_friendly_name = task.TaskQueueSid is { } q && queues.TryGetValue(q, out var queue) ? queue.FriendlyName : null,
        task_queue_entered_date = Date(task.TaskQueueEnteredDate),
        workflow_sid = task.WorkflowSid,
        workflow_friendly_name = workflows.TryGetValue(task.WorkflowSid, out var workflow) ? workflow.FriendlyName : null,
        task_channel_sid = task.TaskChannelSid,
        task_channel_unique_name = task.TaskChannelUniqueName,
        date_created = Date(task.DateCreated),
        date_updated = Date(task.DateUpdated),
        virtual_start_time = Date(task.VirtualStartTime),
    };

    public static object Reservation(ReservationInfo reservation, WorkspaceInfo workspace) => new
    {
        sid = reservation.Sid,
        account_sid = workspace.AccountSid,
        workspace_sid = workspace.Sid,
        task_sid = reservation.TaskSid,
        worker_sid = reservation.WorkerSid,
        worker_name = reservation.WorkerName,
        reservation_status = reservation.ReservationStatus.ToWire(),
        date_created = Date(reservation.DateCreated),
        date_updated = Date(reservation.DateUpdated),
    };

    public static object Queue(TaskQueueInfo queue, WorkspaceInfo workspace, IReadOnlyDictionary<string, ActivityInfo> activities) => new
    {
        sid = queue.Sid,
        account_sid = workspace.AccountSid,
        workspace_sid = workspace.Sid,
        friendly_name = queue.FriendlyName,
        target_workers = queue.TargetWorkers,
        task_order = queue.TaskOrder.ToWire(),
        max_reserved_workers = queue.MaxReservedWorkers,
        reservation_activity_sid = queue.ReservationActivitySid,
        reservation_activity_name = queue.ReservationActivitySid is { } r && activities.TryGetValue(r, out var reserving) ? reserving.FriendlyName : null,
        assignment_activity_sid = queue.AssignmentActivitySid,
        assignment_activity_name = queue.AssignmentActivitySid is { } a && activities.TryGetValue(a, out var assigning) ? assigning.FriendlyName : null,
        date_created = Date(queue.DateCreated),
        date_updated = Date(queue.DateUpdated),
    };

    public static object RealTime(QueueRealTimeStatistics stats, WorkspaceInfo workspace) => new
    {
        account_sid = workspace.AccountSid,
        workspace_sid = workspace.Sid,
        task_queue_sid = stats.TaskQueueSid,
        longest_task_waiting_age = stats.LongestTaskWaitingAge,
        longest_task_waiting_sid = stats.LongestTaskWaitingSid,
        longest_relative_task_age_in_queue = stats.LongestRelativeTaskAgeInQueue,
        longest_relative_task_sid_in_queue = stats.LongestRelativeTaskSidInQueue,
        tasks_by_status = stats.TasksByStatus,
        tasks_by_priority = stats.TasksByPriority,
        total_tasks = stats.TotalTasks,
        total_available_workers = stats.TotalAvailableWorkers,
        total_eligible_workers = stats.TotalEligibleWorkers,
        activity_statistics = stats.ActivityStatistics.Select(a => new { sid = a.Sid, friendly_name = a.FriendlyName, workers = a.Workers }),
    };

    public static object Cumulative(QueueCumulativeStatistics stats, WorkspaceInfo workspace) => new
    {
        account_sid = workspace.AccountSid,
        workspace_sid = workspace.Sid,
        task_queue_sid = stats.TaskQueueSid,
        start_time = Date(stats.StartTime),
        end_time = Date(stats.EndTime),
        tasks_entered = stats.TasksEntered,
        tasks_canceled = stats.TasksCanceled,
        tasks_completed = stats.TasksCompleted,
        tasks_deleted = stats.TasksDeleted,
        tasks_moved = stats.TasksMoved,
        reservations_created = stats.Reservations.Created,
        reservations_accepted = stats.Reservations.Accepted,
        reservations_rejected = stats.Reservations.Rejected,
        reservations_timed_out = stats.Reservations.TimedOut,
        reservations_canceled = stats.Reservations.Canceled,
        reservations_rescinded = stats.Reservations.Rescinded,
        avg_task_acceptance_time = stats.AvgTaskAcceptanceTime,
        wait_duration_until_accepted = Duration(stats.WaitDurationUntilAccepted),
        wait_duration_until_canceled = Duration(stats.WaitDurationUntilCanceled),
        wait_duration_in_queue_until_accepted = Duration(stats.WaitDurationInQueueUntilAccepted),
        split_by_wait_time = stats.SplitByWaitTime.ToDictionary(
            s => s.Key.ToString(CultureInfo.InvariantCulture),
            s => new
            {
                above = new { tasks_canceled = s.Value.Above.TasksCanceled, reservations_accepted = s.Value.Above.ReservationsAccepted },
                below = new { tasks_canceled = s.Value.Below.TasksCanceled, reservations_accepted = s.Value.Below.ReservationsAccepted },
            }),
    };

    /// <summary>The parsed attributes of a JSON text, or an empty object when it is not an object.</summary>
    public static JsonElement AttributesObject(string json) => Attributes.Validate(json, out var element) is null ? element : Attributes.EmptyObject;

    private static object Duration(DurationStatistic d) => new { avg = d.Avg, min = d.Min, max = d.Max, total = d.Total };
}
