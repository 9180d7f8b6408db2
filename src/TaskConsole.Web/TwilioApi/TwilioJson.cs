using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using static TaskConsole.Web.Api.TaskRouterJson;

namespace TaskConsole.Web.TwilioApi;

/// <summary>
/// TaskRouter resources exactly as twilio.com serialises them: snake_case, <c>attributes</c> as a JSON string,
/// ISO 8601 UTC dates, and absolute <c>url</c> and <c>links</c> under the URL the caller used.
/// </summary>
public static class TwilioJson
{
    public static object Workspace(WorkspaceInfo workspace, IReadOnlyList<ActivityInfo> activities, string url) => new
    {
        sid = workspace.Sid,
        account_sid = workspace.AccountSid,
        friendly_name = workspace.FriendlyName,
        default_activity_sid = workspace.DefaultActivitySid,
        default_activity_name = activities.FirstOrDefault(a => a.Sid == workspace.DefaultActivitySid)?.FriendlyName,
        timeout_activity_sid = workspace.TimeoutActivitySid,
        timeout_activity_name = activities.FirstOrDefault(a => a.Sid == workspace.TimeoutActivitySid)?.FriendlyName,
        event_callback_url = workspace.EventCallbackUrl,
        events_filter = workspace.EventsFilter,
        multi_task_enabled = workspace.MultiTaskEnabled,
        prioritize_queue_order = workspace.PrioritizeQueueOrder.ToWire(),
        date_created = Date(workspace.DateCreated),
        date_updated = Date(workspace.DateUpdated),
        url,
        links = Links(url, "activities", "events", "task_channels", "task_queues", "tasks", "workers", "workflows", "statistics", "real_time_statistics", "cumulative_statistics"),
    };

    public static object Activity(ActivityInfo activity, TwilioWorkspace workspace) => new
    {
        sid = activity.Sid,
        account_sid = workspace.Credential.AccountSid,
        workspace_sid = workspace.Engine.WorkspaceSid,
        friendly_name = activity.FriendlyName,
        available = activity.Available,
        date_created = Date(activity.DateCreated),
        date_updated = Date(activity.DateUpdated),
        url = $"{workspace.Url}/Activities/{activity.Sid}",
        links = new { workspace = workspace.Url },
    };

    public static object TaskChannel(TaskChannelInfo channel, TwilioWorkspace workspace) => new
    {
        sid = channel.Sid,
        account_sid = workspace.Credential.AccountSid,
        workspace_sid = workspace.Engine.WorkspaceSid,
        unique_name = channel.UniqueName,
        friendly_name = channel.FriendlyName,
        channel_optimized_routing = channel.ChannelOptimizedRouting,
        date_created = Date(channel.DateCreated),
        date_updated = Date(channel.DateUpdated),
        url = $"{workspace.Url}/TaskChannels/{channel.Sid}",
        links = new { workspace = workspace.Url },
    };

    public static object Worker(WorkerInfo worker, TwilioWorkspace workspace)
    {
        var url = $"{workspace.Url}/Workers/{worker.Sid}";
        return new
        {
            sid = worker.Sid,
            account_sid = workspace.Credential.AccountSid,
            workspace_sid = workspace.Engine.WorkspaceSid,
            friendly_name = worker.FriendlyName,
            attributes = worker.Attributes,
            activity_sid = worker.ActivitySid,
            activity_name = worker.ActivityName,
            available = worker.Available,
            date_status_changed = Date(worker.DateStatusChanged),
            date_created = Date(worker.DateCreated),
            date_updated = Date(worker.DateUpdated),
            url,
            links = new JsonObject
            {
                ["activity"] = $"{workspace.Url}/Activities/{worker.ActivitySid}",
                ["workspace"] = workspace.Url,
                ["channels"] = $"{url}/Channels",
                ["reservations"] = $"{url}/Reservations",
                ["statistics"] = $"{url}/Statistics",
                ["cumulative_statistics"] = $"{url}/CumulativeStatistics",
            },
        };
    }

    /// <summary>A worker's channel: its capacity, and how much of it the worker's reservations hold now.</summary>
    public static object WorkerChannel(WorkerInfo worker, TaskChannelInfo channel, IReadOnlyList<ReservationInfo> workerReservations, TwilioWorkspace workspace)
    {
        var capacity = worker.ChannelCapacity.GetValueOrDefault(channel.UniqueName, 1);
        var onChannel = workerReservations.Where(r => r.TaskChannelUniqueName == channel.UniqueName && r.ReservationStatus.HoldsCapacity()).ToList();
        var assigned = onChannel.Count(r => r.ReservationStatus is ReservationStatus.Accepted or ReservationStatus.Wrapping);
        var sid = WorkerChannelSid(worker.Sid, channel.Sid);
        return new
        {
            sid,
            account_sid = workspace.Credential.AccountSid,
            workspace_sid = workspace.Engine.WorkspaceSid,
            worker_sid = worker.Sid,
            task_channel_sid = channel.Sid,
            task_channel_unique_name = channel.UniqueName,
            configured_capacity = capacity,
            assigned_tasks = assigned,
            available = worker.ChannelAvailable.GetValueOrDefault(channel.UniqueName, true),
            available_capacity_percentage = capacity == 0 ? 0 : Math.Max(0, (capacity - onChannel.Count) * 100 / capacity),
            date_created = Date(worker.DateCreated),
            date_updated = Date(worker.DateUpdated),
            url = $"{workspace.Url}/Workers/{worker.Sid}/Channels/{sid}",
        };
    }

    /// <summary>A stable WC SID per worker and channel, so a channel fetched by SID or by unique name is the same resource.</summary>
    public static string WorkerChannelSid(string workerSid, string channelSid) =>
        "WC" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(workerSid + channelSid)), 0, 16);

    public static JsonObject TaskQueue(TaskQueueInfo queue, IReadOnlyList<ActivityInfo> activities, TwilioWorkspace workspace)
    {
        var url = $"{workspace.Url}/TaskQueues/{queue.Sid}";
        var wire = Node(Queue(queue, workspace.Engine.Workspace, activities.ToDictionary(a => a.Sid, StringComparer.Ordinal)));
        wire["url"] = url;
        wire["links"] = new JsonObject
        {
            ["workspace"] = workspace.Url,
            ["statistics"] = $"{url}/Statistics",
            ["real_time_statistics"] = $"{url}/RealTimeStatistics",
            ["cumulative_statistics"] = $"{url}/CumulativeStatistics",
        };
        return wire;
    }

    public static object Workflow(WorkflowInfo workflow, TwilioWorkspace workspace) => new
    {
        sid = workflow.Sid,
        account_sid = workspace.Credential.AccountSid,
        workspace_sid = workspace.Engine.WorkspaceSid,
        friendly_name = workflow.FriendlyName,
        configuration = workflow.Configuration,
        task_reservation_timeout = workflow.TaskReservationTimeout,
        assignment_callback_url = workflow.AssignmentCallbackUrl,
        fallback_assignment_callback_url = workflow.FallbackAssignmentCallbackUrl,
        document_content_type = "application/json",
        date_created = Date(workflow.DateCreated),
        date_updated = Date(workflow.DateUpdated),
        url = $"{workspace.Url}/Workflows/{workflow.Sid}",
        links = new JsonObject
        {
            ["workspace"] = workspace.Url,
            ["statistics"] = $"{workspace.Url}/Workflows/{workflow.Sid}/Statistics",
            ["real_time_statistics"] = $"{workspace.Url}/Workflows/{workflow.Sid}/RealTimeStatistics",
            ["cumulative_statistics"] = $"{workspace.Url}/Workflows/{workflow.Sid}/CumulativeStatistics",
        },
    };

    /// <summary>The seed API's task with the wire format's differences: <c>attributes</c> as a JSON string, <c>url</c> and <c>links</c>.</summary>
    public static JsonObject Task(TaskInfo task, IReadOnlyDictionary<string, TaskQueueInfo> queues, IReadOnlyDictionary<string, WorkflowInfo> workflows, TwilioWorkspace workspace)
    {
        var url = $"{workspace.Url}/Tasks/{task.Sid}";
        var wire = Node(Api.TaskRouterJson.Task(task, workspace.Engine.Workspace, queues, workflows, workspace.Now));
        wire["attributes"] = task.Attributes;
        wire["addons"] = "{}";
        wire["ignore_capacity"] = false;
        wire["routing_target"] = null;
        wire["url"] = url;
        wire["links"] = new JsonObject
        {
            ["task_queue"] = task.TaskQueueSid is null ? null : $"{workspace.Url}/TaskQueues/{task.TaskQueueSid}",
            ["workflow"] = $"{workspace.Url}/Workflows/{task.WorkflowSid}",
            ["workspace"] = workspace.Url,
            ["reservations"] = $"{url}/Reservations",
        };
        return wire;
    }

    /// <summary>A reservation, under the task or the worker it was listed from.</summary>
    public static JsonObject Reservation(ReservationInfo reservation, TwilioWorkspace workspace, bool underWorker = false)
    {
        var wire = Node(Api.TaskRouterJson.Reservation(reservation, workspace.Engine.Workspace));
        wire["url"] = underWorker
            ? $"{workspace.Url}/Workers/{reservation.WorkerSid}/Reservations/{reservation.Sid}"
            : $"{workspace.Url}/Tasks/{reservation.TaskSid}/Reservations/{reservation.Sid}";
        wire["links"] = new JsonObject
        {
            ["task"] = $"{workspace.Url}/Tasks/{reservation.TaskSid}",
            ["worker"] = $"{workspace.Url}/Workers/{reservation.WorkerSid}",
            ["workspace"] = workspace.Url,
        };
        return wire;
    }

    /// <summary>An Events resource: the callback's parameters become <c>event_data</c> with snake_case keys.</summary>
    public static object Event(TaskRouterEvent evt, TwilioWorkspace workspace) => new
    {
        sid = evt.Sid,
        account_sid = workspace.Credential.AccountSid,
        workspace_sid = evt.WorkspaceSid,
        event_type = evt.EventType,
        event_date = Date(evt.Timestamp),
        event_date_ms = evt.TimestampMs,
        description = evt.Description,
        resource_type = evt.ResourceType,
        resource_sid = evt.ResourceSid,
        resource_url = ResourceUrl(evt, workspace),
        actor_type = (string?)null,
        actor_sid = (string?)null,
        actor_url = (string?)null,
        source = "taskconsole",
        source_ip_address = (string?)null,
        event_data = evt.Data.ToDictionary(d => JsonNamingPolicy.SnakeCaseLower.ConvertName(d.Key), d => d.Value),
        url = $"{workspace.Url}/Events/{evt.Sid}",
    };

    /// <summary>A statistics object of the seed API's shape with the wire format's <c>url</c> added.</summary>
    public static JsonObject WithUrl(object statistics, string url)
    {
        var node = Node(statistics);
        node["url"] = url;
        return node;
    }

    private static JsonObject Node(object shape) => JsonSerializer.SerializeToNode(shape, TwilioResults.Json)!.AsObject();

    public static object WorkerCumulative(WorkerCumulativeStatistics stats, TwilioWorkspace workspace) => new
    {
        start_time = Date(stats.StartTime),
        end_time = Date(stats.EndTime),
        reservations_created = stats.Reservations.Created,
        reservations_accepted = stats.Reservations.Accepted,
        reservations_rejected = stats.Reservations.Rejected,
        reservations_timed_out = stats.Reservations.TimedOut,
        reservations_canceled = stats.Reservations.Canceled,
        reservations_rescinded = stats.Reservations.Rescinded,
        activity_durations = stats.ActivityDurations.Select(a => new { sid = a.Sid, friendly_name = a.FriendlyName, avg = a.Avg, min = a.Min, max = a.Max, total = a.Total }),
        account_sid = workspace.Credential.AccountSid,
        workspace_sid = workspace.Engine.WorkspaceSid,
    };

    public static object ActivityStatistics(IEnumerable<ActivityStatistic> statistics) =>
        statistics.Select(a => new { sid = a.Sid, friendly_name = a.FriendlyName, workers = a.Workers }).ToList();

    private static string? ResourceUrl(TaskRouterEvent evt, TwilioWorkspace workspace) => evt.ResourceType switch
    {
        "Task" => $"{workspace.Url}/Tasks/{evt.ResourceSid}",
        "Reservation" when evt.TaskSid is { } task => $"{workspace.Url}/Tasks/{task}/Reservations/{evt.ResourceSid}",
        "Worker" => $"{workspace.Url}/Workers/{evt.ResourceSid}",
        "Activity" => $"{workspace.Url}/Activities/{evt.ResourceSid}",
        "TaskQueue" => $"{workspace.Url}/TaskQueues/{evt.ResourceSid}",
        "Workflow" => $"{workspace.Url}/Workflows/{evt.ResourceSid}",
        "TaskChannel" => $"{workspace.Url}/TaskChannels/{evt.ResourceSid}",
        "Workspace" => workspace.Url,
        _ => null,
    };

    private static JsonObject Links(string url, params string[] names)
    {
        var links = new JsonObject();
        foreach (var name in names)
        {
            links[name] = $"{url}/{string.Concat(name.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]))}";
        }

        return links;
    }

    /// <summary>Twilio's <c>Ordering</c>: comma-separated <c>Attribute:asc|desc</c> pairs over the allowed attributes.</summary>
    public static IReadOnlyList<(string Attribute, bool Descending)> Ordering(string? text, IReadOnlyCollection<string> allowed, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<(string, bool)>();
        foreach (var clause in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = clause.Split(':');
            var attribute = allowed.FirstOrDefault(a => string.Equals(a, parts[0], StringComparison.OrdinalIgnoreCase));
            var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
            if (attribute is null || parts.Length > 2 || direction is not ("asc" or "desc"))
            {
                errors.Add($"Ordering: '{clause}' must be Attribute:asc or Attribute:desc with Attribute one of {string.Join(", ", allowed)}");
                continue;
            }

            result.Add((attribute, direction == "desc"));
        }

        return result;
    }
}
