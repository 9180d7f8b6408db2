using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using static TaskConsole.Web.TwilioApi.WorkspaceEndpoints;

namespace TaskConsole.Web.TwilioApi;

/// <summary>Workers, their Channels, Reservations and Statistics, and the workspace's worker statistics.</summary>
public static class WorkerEndpoints
{
    private static readonly string[] WorkerOrderings = ["DateCreated", "DateStatusChanged"];

    public static void MapWorkers(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/Workers", (HttpContext http) =>
        {
            var ws = http.Workspace();
            var query = new QueryParameters(http.Request.Query);
            var activityName = query.Single("ActivityName");
            var activitySid = query.Single("ActivitySid");
            var available = query.Boolean("Available");
            var friendlyName = query.Single("FriendlyName");
            var expression = query.Expression("TargetWorkersExpression", ExpressionScope.Worker);
            var queue = QueueOf(ws.Engine, query);
            var ordering = TwilioJson.Ordering(query.Single("Ordering"), WorkerOrderings, query.Errors);
            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            var now = ws.Now;
            IEnumerable<WorkerInfo> workers = ws.Engine.GetWorkers()
                .Where(w => (activityName is null || string.Equals(w.ActivityName, activityName, StringComparison.OrdinalIgnoreCase))
                    && (activitySid is null || w.ActivitySid == activitySid)
                    && (available is null || w.Available == available)
                    && (friendlyName is null || string.Equals(w.FriendlyName, friendlyName, StringComparison.OrdinalIgnoreCase))
                    && (queue is null || ws.Engine.GetWorkerQueueSids(w.Sid).Contains(queue.Sid))
                    && (expression is null || expression.Evaluate(ExpressionContext.ForWorker(w.AttributesDocument, Fields(w), now))))
                .OrderBy(w => w.DateCreated).ThenBy(w => w.Sid, StringComparer.Ordinal);
            foreach (var (attribute, descending) in ordering.Reverse())
            {
                Func<WorkerInfo, DateTimeOffset> key = attribute == "DateStatusChanged" ? w => w.DateStatusChanged : w => w.DateCreated;
                workers = descending ? workers.OrderByDescending(key) : workers.OrderBy(key);
            }

            return TwilioPage.Create(http, "workers", workers.ToList(), w => TwilioJson.Worker(w, ws));
        });
        workspace.MapPost("/Workers", async (HttpContext http) =>
        {
            var form = await http.Request.FormAsync();
            var name = form.Single("FriendlyName");
            var attributes = form.Single("Attributes");
            var activity = form.Single("ActivitySid");
            if (name is null)
            {
                form.Errors.Add("FriendlyName: required");
            }

            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.CreateWorker(name!, attributes, activity), w => TwilioJson.Worker(w, ws), created: true, w => TaskRouterEngine.ETag(w.Version));
        });
        workspace.MapGet("/Workers/{Sid}", (HttpContext http, string sid) =>
        {
            var ws = http.Workspace();
            return ws.Engine.GetWorker(sid) is { } worker
                ? TwilioResults.Ok(TwilioJson.Worker(worker, ws), TaskRouterEngine.ETag(worker.Version))
                : TwilioResults.NotFound($"Worker {sid} was not found");
        });
        workspace.MapPost("/Workers/{Sid}", async (HttpContext http, string sid) =>
        {
            var form = await http.Request.FormAsync();
            var settings = new WorkerSettings(
                FriendlyName: form.Single("FriendlyName"),
                Attributes: form.Single("Attributes"),
                ActivitySid: form.Single("ActivitySid"),
                RejectPendingReservations: form.Boolean("RejectPendingReservations") ?? false,
                IfMatch: http.Request.IfMatch());
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.UpdateWorker(sid, settings), w => TwilioJson.Worker(w, ws), etag: w => TaskRouterEngine.ETag(w.Version));
        });
        workspace.MapDelete("/Workers/{Sid}", (HttpContext http, string sid) => Deleted(http.Workspace().Engine.DeleteWorker(sid, http.Request.IfMatch())));

        workspace.MapGet("/Workers/{WorkerSid}/Channels", (HttpContext http, string workerSid) =>
        {
            var ws = http.Workspace();
            if (ws.Engine.GetWorker(workerSid) is not { } worker)
            {
                return TwilioResults.NotFound($"Worker {workerSid} was not found");
            }

            var reservations = ws.Engine.GetWorkerReservations(workerSid);
            return TwilioPage.Create(http, "channels", ws.Engine.GetTaskChannels(), c => TwilioJson.WorkerChannel(worker, c, reservations, ws));
        });
        workspace.MapGet("/Workers/{WorkerSid}/Channels/{Sid}", (HttpContext http, string workerSid, string sid) =>
        {
            var ws = http.Workspace();
            return ws.Engine.GetWorker(workerSid) is { } worker && FindWorkerChannel(ws.Engine, workerSid, sid) is { } channel
                ? TwilioResults.Ok(TwilioJson.WorkerChannel(worker, channel, ws.Engine.GetWorkerReservations(workerSid), ws))
                : TwilioResults.NotFound($"WorkerChannel {sid} of worker {workerSid} was not found");
        });
        workspace.MapPost("/Workers/{WorkerSid}/Channels/{Sid}", async (HttpContext http, string workerSid, string sid) =>
        {
            var form = await http.Request.FormAsync();
            var capacity = form.Integer("Capacity", 0, 50);
            var available = form.Boolean("Available");
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            if (FindWorkerChannel(ws.Engine, workerSid, sid) is not { } channel)
            {
                return TwilioResults.NotFound($"WorkerChannel {sid} of worker {workerSid} was not found");
            }

            return Answer(
                ws.Engine.UpdateWorkerChannel(workerSid, channel.Sid, capacity, available),
                w => TwilioJson.WorkerChannel(w, channel, ws.Engine.GetWorkerReservations(workerSid), ws));
        });

        workspace.MapGet("/Workers/{WorkerSid}/Reservations", (HttpContext http, string workerSid) =>
        {
            var ws = http.Workspace();
            if (ws.Engine.GetWorker(workerSid) is null)
            {
                return TwilioResults.NotFound($"Worker {workerSid} was not found");
            }

            var query = new QueryParameters(http.Request.Query);
            var statuses = query.OneOf("ReservationStatus", TaskEndpoints.ReservationStatuses);
            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            var reservations = ws.Engine.GetWorkerReservations(workerSid)
                .Where(r => statuses.Count == 0 || statuses.Contains(r.ReservationStatus.ToWire()))
                .OrderBy(r => r.DateCreated).ToList();
            return TwilioPage.Create(http, "reservations", reservations, r => TwilioJson.Reservation(r, ws, underWorker: true));
        });
        workspace.MapGet("/Workers/{WorkerSid}/Reservations/{Sid}", (HttpContext http, string workerSid, string sid) =>
        {
            var ws = http.Workspace();
            return ws.Engine.GetReservation(sid) is { } reservation && reservation.WorkerSid == workerSid
                ? TwilioResults.Ok(TwilioJson.Reservation(reservation, ws, underWorker: true), TaskRouterEngine.ETag(reservation.Version))
                : TwilioResults.NotFound($"Reservation {sid} of worker {workerSid} was not found");
        });
        workspace.MapPost("/Workers/{WorkerSid}/Reservations/{Sid}", async (HttpContext http, string workerSid, string sid) =>
        {
            var ws = http.Workspace();
            if (ws.Engine.GetReservation(sid) is not { } reservation || reservation.WorkerSid != workerSid)
            {
                return TwilioResults.NotFound($"Reservation {sid} of worker {workerSid} was not found");
            }

            return await TaskEndpoints.UpdateReservationAsync(http, reservation.TaskSid, sid, underWorker: true);
        });

        workspace.MapGet("/Workers/{WorkerSid}/Statistics", (HttpContext http, string workerSid) => WorkerStatistics(http, workerSid, cumulativeOnly: false));
        workspace.MapGet("/Workers/{WorkerSid}/CumulativeStatistics", (HttpContext http, string workerSid) => WorkerStatistics(http, workerSid, cumulativeOnly: true));
        workspace.MapGet("/Workers/Statistics", (HttpContext http) => WorkersStatistics(http, realtime: true, cumulative: true));
        workspace.MapGet("/Workers/CumulativeStatistics", (HttpContext http) => WorkersStatistics(http, realtime: false, cumulative: true));
        workspace.MapGet("/Workers/RealTimeStatistics", (HttpContext http) => WorkersStatistics(http, realtime: true, cumulative: false));
    }

    private static IResult WorkerStatistics(HttpContext http, string workerSid, bool cumulativeOnly)
    {
        var ws = http.Workspace();
        var query = new QueryParameters(http.Request.Query);
        var (start, end) = query.Window(ws.Now);
        if (query.Errors.Count > 0)
        {
            return TwilioResults.Invalid(query.Errors);
        }

        if (ws.Engine.GetWorkerCumulativeStatistics(workerSid, start, end) is not { } stats)
        {
            return TwilioResults.NotFound($"Worker {workerSid} was not found");
        }

        var url = $"{ws.Url}/Workers/{workerSid}/{(cumulativeOnly ? "CumulativeStatistics" : "Statistics")}";
        var cumulative = TwilioJson.WorkerCumulative(stats, ws);
        return cumulativeOnly
            ? TwilioResults.Ok(TwilioJson.WithUrl(cumulative, url))
            : TwilioResults.Ok(new { cumulative, account_sid = ws.Credential.AccountSid, workspace_sid = ws.Engine.WorkspaceSid, worker_sid = workerSid, url });
    }

    /// <summary>The workspace's workers together: how many are in each activity now, and their reservations and activity time over the window.</summary>
    private static IResult WorkersStatistics(HttpContext http, bool realtime, bool cumulative)
    {
        var ws = http.Workspace();
        var query = new QueryParameters(http.Request.Query);
        var (start, end) = query.Window(ws.Now);
        var queue = QueueOf(ws.Engine, query);
        var friendlyName = query.Single("FriendlyName");
        if (query.Errors.Count > 0)
        {
            return TwilioResults.Invalid(query.Errors);
        }

        var workers = ws.Engine.GetWorkers()
            .Where(w => (queue is null || ws.Engine.GetWorkerQueueSids(w.Sid).Contains(queue.Sid))
                && (friendlyName is null || w.FriendlyName.Contains(friendlyName, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var activities = ws.Engine.GetActivities();
        var realtimeBody = new
        {
            total_workers = workers.Count,
            activity_statistics = TwilioJson.ActivityStatistics(activities.Select(a => new ActivityStatistic(a.Sid, a.FriendlyName, workers.Count(w => w.ActivitySid == a.Sid)))),
            account_sid = ws.Credential.AccountSid,
            workspace_sid = ws.Engine.WorkspaceSid,
        };
        object? cumulativeBody = null;
        if (cumulative)
        {
            var all = ws.Engine.GetWorkersCumulativeStatistics(start, end);
            var stats = workers.Select(w => all.GetValueOrDefault(w.Sid)).OfType<WorkerCumulativeStatistics>().ToList();
            cumulativeBody = new
            {
                start_time = Api.TaskRouterJson.Date(start),
                end_time = Api.TaskRouterJson.Date(end),
                reservations_created = stats.Sum(s => s.Reservations.Created),
                reservations_accepted = stats.Sum(s => s.Reservations.Accepted),
                reservations_rejected = stats.Sum(s => s.Reservations.Rejected),
                reservations_timed_out = stats.Sum(s => s.Reservations.TimedOut),
                reservations_canceled = stats.Sum(s => s.Reservations.Canceled),
                reservations_rescinded = stats.Sum(s => s.Reservations.Rescinded),
                activity_durations = activities.Select(a =>
                {
                    var totals = stats.Select(s => s.ActivityDurations.Where(d => d.Sid == a.Sid).Select(d => d.Total).FirstOrDefault()).ToList();
                    return new
                    {
                        sid = a.Sid,
                        friendly_name = a.FriendlyName,
                        avg = totals.Count == 0 ? 0 : (long)Math.Round(totals.Average()),
                        min = totals.Count == 0 ? 0 : totals.Min(),
                        max = totals.Count == 0 ? 0 : totals.Max(),
                        total = totals.Sum(),
                    };
                }).ToList(),
                account_sid = ws.Credential.AccountSid,
                workspace_sid = ws.Engine.WorkspaceSid,
            };
        }

        var url = $"{ws.Url}/Workers/{(realtime && cumulative ? "Statistics" : realtime ? "RealTimeStatistics" : "CumulativeStatistics")}";
        if (realtime && cumulative)
        {
            return TwilioResults.Ok(new { realtime = realtimeBody, cumulative = cumulativeBody, account_sid = ws.Credential.AccountSid, workspace_sid = ws.Engine.WorkspaceSid, url });
        }

        return TwilioResults.Ok(TwilioJson.WithUrl(realtime ? realtimeBody : cumulativeBody!, url));
    }

    /// <summary>The queue named by <c>TaskQueueSid</c> or <c>TaskQueueName</c>, if any; an unknown one is an error naming the parameter.</summary>
    internal static TaskQueueInfo? QueueOf(TaskRouterEngine engine, QueryParameters query)
    {
        var sid = query.Single("TaskQueueSid");
        var name = query.Single("TaskQueueName");
        if (sid is null && name is null)
        {
            return null;
        }

        var queue = engine.GetTaskQueues().FirstOrDefault(q => sid is not null ? q.Sid == sid : string.Equals(q.FriendlyName, name, StringComparison.OrdinalIgnoreCase));
        if (queue is null)
        {
            query.Errors.Add(sid is not null ? $"TaskQueueSid: {sid} is not a task queue of this workspace" : $"TaskQueueName: '{name}' is not a task queue of this workspace");
        }

        return queue;
    }

    internal static WorkerFields Fields(WorkerInfo worker) => new(worker.Sid, worker.FriendlyName, worker.ActivitySid, worker.ActivityName);

    private static TaskChannelInfo? FindWorkerChannel(TaskRouterEngine engine, string workerSid, string sidOrName) =>
        engine.GetTaskChannels().FirstOrDefault(c => c.Sid == sidOrName || c.UniqueName == sidOrName || TwilioJson.WorkerChannelSid(workerSid, c.Sid) == sidOrName);
}
