using System.Globalization;
using System.Text.Json;
using TaskConsole.Core.Domain;
using TaskConsole.Web.Api;

namespace TaskConsole.Web.TwilioApi;

/// <summary>Statistics of the whole workspace and of each workflow: their tasks now, and their totals over a window.</summary>
public static class StatisticsEndpoints
{
    public static void MapStatistics(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/Statistics", (HttpContext http) => Statistics(http, null, realtime: true, cumulative: true));
        workspace.MapGet("/RealTimeStatistics", (HttpContext http) => Statistics(http, null, realtime: true, cumulative: false));
        workspace.MapGet("/CumulativeStatistics", (HttpContext http) => Statistics(http, null, realtime: false, cumulative: true));
        workspace.MapGet("/Workflows/{Sid}/Statistics", (HttpContext http, string sid) => Statistics(http, sid, realtime: true, cumulative: true));
        workspace.MapGet("/Workflows/{Sid}/RealTimeStatistics", (HttpContext http, string sid) => Statistics(http, sid, realtime: true, cumulative: false));
        workspace.MapGet("/Workflows/{Sid}/CumulativeStatistics", (HttpContext http, string sid) => Statistics(http, sid, realtime: false, cumulative: true));
    }

    private static IResult Statistics(HttpContext http, string? workflowSid, bool realtime, bool cumulative)
    {
        var ws = http.Workspace();
        if (workflowSid is not null && ws.Engine.GetWorkflow(workflowSid) is null)
        {
            return TwilioResults.NotFound($"Workflow {workflowSid} was not found");
        }

        var query = new QueryParameters(http.Request.Query);
        var (start, end) = query.Window(ws.Now);
        var splits = query.SplitByWaitTime();
        var channel = TaskQueueEndpoints.Channel(ws.Engine, query);
        if (query.Errors.Count > 0)
        {
            return TwilioResults.Invalid(query.Errors);
        }

        var owner = new Dictionary<string, object?> { ["account_sid"] = ws.Credential.AccountSid, ["workspace_sid"] = ws.Engine.WorkspaceSid };
        if (workflowSid is not null)
        {
            owner["workflow_sid"] = workflowSid;
        }

        var baseUrl = workflowSid is null ? ws.Url : $"{ws.Url}/Workflows/{workflowSid}";
        var body = new Dictionary<string, object?>(owner);
        if (realtime)
        {
            body["realtime"] = RealTime(ws, workflowSid, channel, owner);
        }

        if (cumulative)
        {
            body["cumulative"] = Cumulative(ws, workflowSid, start, end, splits, channel, owner);
        }

        return (realtime, cumulative) switch
        {
            (true, true) => TwilioResults.Ok(body.Append(KeyValuePair.Create("url", (object?)$"{baseUrl}/Statistics")).ToDictionary()),
            (true, false) => TwilioResults.Ok(TwilioJson.WithUrl(body["realtime"]!, $"{baseUrl}/RealTimeStatistics")),
            _ => TwilioResults.Ok(TwilioJson.WithUrl(body["cumulative"]!, $"{baseUrl}/CumulativeStatistics")),
        };
    }

    private static Dictionary<string, object?> RealTime(TwilioWorkspace ws, string? workflowSid, string? channel, Dictionary<string, object?> owner)
    {
        var active = ws.Engine.GetTasks()
            .Where(t => !t.AssignmentStatus.IsTerminated() && (channel is null || t.TaskChannelUniqueName == channel) && (workflowSid is null || t.WorkflowSid == workflowSid))
            .ToList();
        var oldest = active.Where(t => t.AssignmentStatus == TaskAssignmentStatus.Pending).MinBy(t => t.DateCreated);
        var realtime = new Dictionary<string, object?>(owner)
        {
            ["total_tasks"] = active.Count,
            ["tasks_by_status"] = new[] { "pending", "reserved", "assigned", "wrapping" }.ToDictionary(s => s, s => active.Count(t => t.AssignmentStatus.ToWire() == s)),
            ["tasks_by_priority"] = active.GroupBy(t => t.Priority).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
            ["longest_task_waiting_age"] = oldest?.AgeSeconds(ws.Now) ?? 0,
            ["longest_task_waiting_sid"] = oldest?.Sid,
        };
        if (workflowSid is null)
        {
            var workers = ws.Engine.GetWorkersRealTimeStatistics();
            realtime["total_workers"] = workers.TotalWorkers;
            realtime["activity_statistics"] = TwilioJson.ActivityStatistics(workers.ActivityStatistics);
        }

        return realtime;
    }

    private static System.Text.Json.Nodes.JsonObject Cumulative(
        TwilioWorkspace ws, string? workflowSid, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<int> splits, string? channel, Dictionary<string, object?> owner)
    {
        var stats = ws.Engine.GetWorkspaceCumulativeStatistics(start, end, splits, channel, workflowSid);
        var totals = JsonSerializer.SerializeToNode(TaskRouterJson.Cumulative(stats.Totals, ws.Engine.Workspace), TwilioResults.Json)!.AsObject();
        totals.Remove("task_queue_sid");
        totals.Remove("wait_duration_in_queue_until_accepted");
        foreach (var (key, value) in owner)
        {
            totals[key] = value?.ToString();
        }

        // A workflow's tasks enter it when they are created; the workspace counts them as created.
        totals[workflowSid is null ? "tasks_created" : "tasks_entered"] = stats.TasksCreated;
        if (workflowSid is null)
        {
            totals.Remove("tasks_entered");
        }

        totals["tasks_timed_out_in_workflow"] = stats.TasksTimedOutInWorkflow;
        return totals;
    }
}
