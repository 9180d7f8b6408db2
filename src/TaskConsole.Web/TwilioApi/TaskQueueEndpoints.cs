using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using static TaskConsole.Web.TwilioApi.WorkspaceEndpoints;

namespace TaskConsole.Web.TwilioApi;

/// <summary>TaskQueues and their statistics, including the bulk real-time statistics POST.</summary>
public static class TaskQueueEndpoints
{
    private const int BulkLimit = 50;
    private static readonly string[] QueueOrderings = ["DateCreated", "FriendlyName"];

    public static void MapTaskQueues(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/TaskQueues", (HttpContext http) =>
        {
            var ws = http.Workspace();
            var query = new QueryParameters(http.Request.Query);
            var friendlyName = query.Single("FriendlyName");
            var workerSid = query.Single("WorkerSid");
            var ordering = TwilioJson.Ordering(query.Single("Ordering"), QueueOrderings, query.Errors);
            AttributeDocument? workerAttributes = null;
            if (query.Single("EvaluateWorkerAttributes") is { } json)
            {
                if (Attributes.Validate(json, out var element) is { } problem)
                {
                    query.Errors.Add($"EvaluateWorkerAttributes: {problem}");
                }
                else
                {
                    workerAttributes = AttributeDocument.From(element);
                }
            }

            if (workerSid is not null && ws.Engine.GetWorker(workerSid) is null)
            {
                query.Errors.Add($"WorkerSid: {workerSid} is not a worker of this workspace");
            }

            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            var workerQueues = workerSid is null ? null : ws.Engine.GetWorkerQueueSids(workerSid);
            var now = ws.Now;
            IEnumerable<TaskQueueInfo> queues = ws.Engine.GetTaskQueues()
                .Where(q => (friendlyName is null || string.Equals(q.FriendlyName, friendlyName, StringComparison.OrdinalIgnoreCase))
                    && (workerQueues is null || workerQueues.Contains(q.Sid))
                    && (workerAttributes is null || TaskRouterExpression.Parse(q.TargetWorkers, ExpressionScope.Worker).Evaluate(new ExpressionContext(null, workerAttributes, null, now))));
            foreach (var (attribute, descending) in ordering.Reverse())
            {
                queues = attribute == "FriendlyName"
                    ? descending ? queues.OrderByDescending(q => q.FriendlyName, StringComparer.OrdinalIgnoreCase) : queues.OrderBy(q => q.FriendlyName, StringComparer.OrdinalIgnoreCase)
                    : descending ? queues.OrderByDescending(q => q.DateCreated) : queues.OrderBy(q => q.DateCreated);
            }

            var activities = ws.Engine.GetActivities();
            return TwilioPage.Create(http, "task_queues", queues.ToList(), q => TwilioJson.TaskQueue(q, activities, ws));
        });
        workspace.MapPost("/TaskQueues", async (HttpContext http) =>
        {
            var form = await http.Request.FormAsync();
            var settings = Settings(form);
            if (settings.FriendlyName is null)
            {
                form.Errors.Add("FriendlyName: required");
            }

            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.CreateTaskQueue(settings), q => TwilioJson.TaskQueue(q, ws.Engine.GetActivities(), ws), created: true);
        });
        workspace.MapGet("/TaskQueues/{Sid}", (HttpContext http, string sid) =>
        {
            var ws = http.Workspace();
            return ws.Engine.GetTaskQueue(sid) is { } queue
                ? TwilioResults.Ok(TwilioJson.TaskQueue(queue, ws.Engine.GetActivities(), ws))
                : TwilioResults.NotFound($"TaskQueue {sid} was not found");
        });
        workspace.MapPost("/TaskQueues/{Sid}", async (HttpContext http, string sid) =>
        {
            var form = await http.Request.FormAsync();
            var settings = Settings(form);
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.UpdateTaskQueue(sid, settings), q => TwilioJson.TaskQueue(q, ws.Engine.GetActivities(), ws));
        });
        workspace.MapDelete("/TaskQueues/{Sid}", (HttpContext http, string sid) => Deleted(http.Workspace().Engine.DeleteTaskQueue(sid)));

        workspace.MapGet("/TaskQueues/{Sid}/RealTimeStatistics", (HttpContext http, string sid) =>
        {
            var ws = http.Workspace();
            var query = new QueryParameters(http.Request.Query);
            var channel = Channel(ws.Engine, query);
            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            return ws.Engine.GetQueueRealTimeStatistics(sid, channel) is { } stats
                ? TwilioResults.Ok(TwilioJson.WithUrl(TaskRouterJson.RealTime(stats, ws.Engine.Workspace), $"{ws.Url}/TaskQueues/{sid}/RealTimeStatistics"))
                : TwilioResults.NotFound($"TaskQueue {sid} was not found");
        });
        workspace.MapGet("/TaskQueues/{Sid}/CumulativeStatistics", (HttpContext http, string sid) => QueueStatistics(http, sid, realtime: false));
        workspace.MapGet("/TaskQueues/{Sid}/Statistics", (HttpContext http, string sid) => QueueStatistics(http, sid, realtime: true));
        workspace.MapGet("/TaskQueues/Statistics", (HttpContext http) =>
        {
            var ws = http.Workspace();
            var query = new QueryParameters(http.Request.Query);
            var (start, end) = query.Window(ws.Now);
            var splits = query.SplitByWaitTime();
            var channel = Channel(ws.Engine, query);
            var friendlyName = query.Single("FriendlyName");
            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            var workspaceInfo = ws.Engine.Workspace;
            var realtime = ws.Engine.GetQueuesRealTimeStatistics(channel).ToDictionary(s => s.TaskQueueSid, StringComparer.Ordinal);
            var cumulative = ws.Engine.GetQueuesCumulativeStatistics(start, end, splits, channel);
            var queues = ws.Engine.GetTaskQueues()
                .Where(q => friendlyName is null || string.Equals(q.FriendlyName, friendlyName, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return TwilioPage.Create(http, "task_queues_statistics", queues, q => new
            {
                account_sid = workspaceInfo.AccountSid,
                workspace_sid = workspaceInfo.Sid,
                task_queue_sid = q.Sid,
                realtime = TaskRouterJson.RealTime(realtime[q.Sid], workspaceInfo),
                cumulative = TaskRouterJson.Cumulative(cumulative[q.Sid], workspaceInfo),
            });
        });
        workspace.MapPost("/TaskQueues/RealTimeStatistics", async (HttpContext http) =>
        {
            var ws = http.Workspace();
            var (sids, problem) = await BulkQueueSidsAsync(http.Request, ws.Engine);
            if (problem is not null)
            {
                return TwilioResults.Invalid(problem);
            }

            var workspaceInfo = ws.Engine.Workspace;
            var stats = ws.Engine.GetQueuesRealTimeStatistics().Where(s => sids.Contains(s.TaskQueueSid)).ToList();
            return TwilioResults.Created(new
            {
                account_sid = workspaceInfo.AccountSid,
                workspace_sid = workspaceInfo.Sid,
                task_queue_data = stats.Select(s => TaskRouterJson.RealTime(s, workspaceInfo)).ToList(),
                task_queue_response_count = stats.Count,
                url = $"{ws.Url}/TaskQueues/RealTimeStatistics",
            });
        });
    }

    private static TaskQueueSettings Settings(QueryParameters form)
    {
        var order = form.OneOf("TaskOrder", ["FIFO", "LIFO"]);
        return new TaskQueueSettings(
            FriendlyName: form.Single("FriendlyName"),
            TargetWorkers: form.Single("TargetWorkers"),
            TaskOrder: order.Count == 0 ? null : order[0] == "LIFO" ? TaskOrder.Lifo : TaskOrder.Fifo,
            MaxReservedWorkers: form.Integer("MaxReservedWorkers", 1, TaskRouterEngine.MaxReservedWorkersLimit),
            ReservationActivitySid: form.Single("ReservationActivitySid"),
            AssignmentActivitySid: form.Single("AssignmentActivitySid"));
    }

    private static IResult QueueStatistics(HttpContext http, string sid, bool realtime)
    {
        var ws = http.Workspace();
        var query = new QueryParameters(http.Request.Query);
        var (start, end) = query.Window(ws.Now);
        var splits = query.SplitByWaitTime();
        var channel = Channel(ws.Engine, query);
        if (query.Errors.Count > 0)
        {
            return TwilioResults.Invalid(query.Errors);
        }

        var workspaceInfo = ws.Engine.Workspace;
        if (ws.Engine.GetQueueCumulativeStatistics(sid, start, end, splits, channel) is not { } cumulative)
        {
            return TwilioResults.NotFound($"TaskQueue {sid} was not found");
        }

        if (!realtime)
        {
            return TwilioResults.Ok(TwilioJson.WithUrl(TaskRouterJson.Cumulative(cumulative, workspaceInfo), $"{ws.Url}/TaskQueues/{sid}/CumulativeStatistics"));
        }

        return TwilioResults.Ok(new
        {
            account_sid = workspaceInfo.AccountSid,
            workspace_sid = workspaceInfo.Sid,
            task_queue_sid = sid,
            cumulative = TaskRouterJson.Cumulative(cumulative, workspaceInfo),
            realtime = TaskRouterJson.RealTime(ws.Engine.GetQueueRealTimeStatistics(sid, channel)!, workspaceInfo),
            url = $"{ws.Url}/TaskQueues/{sid}/Statistics",
        });
    }

    /// <summary><c>TaskChannel</c>, by SID or unique name, as the unique name the engine filters on.</summary>
    internal static string? Channel(TaskRouterEngine engine, QueryParameters query)
    {
        if (query.Single("TaskChannel") is not { } wanted)
        {
            return null;
        }

        var channel = engine.GetTaskChannels().FirstOrDefault(c => c.Sid == wanted || c.UniqueName == wanted);
        if (channel is null)
        {
            query.Errors.Add($"TaskChannel: '{wanted}' is not a task channel of this workspace");
        }

        return channel?.UniqueName;
    }

    /// <summary>
    /// The queues of a bulk request: a JSON array of TaskQueue SIDs (or of objects with <c>task_queue_sid</c>), at most 50;
    /// an empty body asks for every queue, which must then be 50 or fewer.
    /// </summary>
    private static async Task<(HashSet<string> Sids, string? Problem)> BulkQueueSidsAsync(HttpRequest request, TaskRouterEngine engine)
    {
        var known = engine.GetTaskQueues().Select(q => q.Sid).ToHashSet(StringComparer.Ordinal);
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return known.Count <= BulkLimit ? (known, null) : ([], $"body: name at most {BulkLimit} TaskQueue SIDs; this workspace has {known.Count} queues");
        }

        var sids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                return ([], "body: must be a JSON array of TaskQueue SIDs");
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                var sid = item.ValueKind == System.Text.Json.JsonValueKind.String ? item.GetString()
                    : item.ValueKind == System.Text.Json.JsonValueKind.Object && item.TryGetProperty("task_queue_sid", out var property) ? property.GetString()
                    : null;
                if (sid is null || !known.Contains(sid))
                {
                    return ([], $"body: {item.GetRawText()} is not a TaskQueue SID of this workspace");
                }

                sids.Add(sid);
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            return ([], $"body: not valid JSON ({e.Message})");
        }

        return sids.Count <= BulkLimit ? (sids, null) : ([], $"body: name at most {BulkLimit} TaskQueue SIDs, not {sids.Count}");
    }
}
