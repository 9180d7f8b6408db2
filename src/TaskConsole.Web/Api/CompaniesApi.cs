using Microsoft.EntityFrameworkCore;
using TaskConsole.Core.Domain;
using Microsoft.Extensions.Options;
using TaskConsole.Web.Data;
using TaskConsole.Web.Options;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Api;

/// <summary>The seed's queue and worker endpoints, and the company's audit log.</summary>
public static class CompaniesApi
{
    public static void MapCompaniesApi(this RouteGroupBuilder company)
    {
        CompanyScope.RequireCompanyRole(
            company.MapGet("/twilio-queues", QueuesAsync).WithTags("Queues").WithName("ListQueues").WithSummary("Task queues with real-time and today's statistics"),
            CompanyRole.Viewer);
        CompanyScope.RequireCompanyRole(
            company.MapGet("/twilio-workers", WorkersAsync).WithTags("Workers").WithName("ListWorkers").WithSummary("Every worker, optionally with today's statistics"),
            CompanyRole.Viewer);
        CompanyScope.RequireCompanyRole(
            company.MapGet("/audit-log", AuditLogAsync).WithTags("Audit").WithName("ListAuditLog").WithSummary("Who did what, newest first"),
            CompanyRole.Viewer);
    }

    private static async Task<IResult> QueuesAsync(HttpContext http, TimeProvider time, IOptions<TaskConsoleOptions> options)
    {
        var scope = CompanyScope.Of(http);
        var client = scope.TaskRouter;
        var now = time.GetUtcNow();
        var workspace = await client.GetWorkspaceAsync(http.RequestAborted);
        var activities = (await client.GetActivitiesAsync(http.RequestAborted)).ToDictionary(a => a.Sid, StringComparer.Ordinal);
        var realTime = (await client.GetQueuesRealTimeStatisticsAsync(http.RequestAborted)).ToDictionary(s => s.TaskQueueSid, StringComparer.Ordinal);
        var today = await client.GetQueuesCumulativeStatisticsAsync(CompanyCalendar.StartOfToday(now, scope.Company.TimeZone), now, options.Value.Board(scope.Company.Id).Thresholds, http.RequestAborted);
        var queues = await client.GetTaskQueuesAsync(http.RequestAborted);
        var body = queues.Select(queue =>
        {
            var json = System.Text.Json.JsonSerializer.SerializeToNode(TaskRouterJson.Queue(queue, workspace, activities))!.AsObject();
            json["real_time_statistics"] = System.Text.Json.JsonSerializer.SerializeToNode(TaskRouterJson.RealTime(realTime[queue.Sid], workspace));
            json["cumulative_statistics"] = System.Text.Json.JsonSerializer.SerializeToNode(TaskRouterJson.Cumulative(today[queue.Sid], workspace));
            return json;
        }).ToList();
        return ApiResults.Ok(body);
    }

    private static async Task<IResult> WorkersAsync(HttpContext http, TimeProvider time)
    {
        var scope = CompanyScope.Of(http);
        var query = new QueryParameters(http.Request.Query);
        var include = query.OneOf("include", ["statsToday"]);
        if (query.Problem is { } problem)
        {
            return problem;
        }

        var client = scope.TaskRouter;
        var now = time.GetUtcNow();
        var workspace = await client.GetWorkspaceAsync(http.RequestAborted);
        var workers = await client.GetWorkersAsync(http.RequestAborted);
        var stats = include.Contains("statsToday")
            ? await client.GetWorkersCumulativeStatisticsAsync(CompanyCalendar.StartOfToday(now, scope.Company.TimeZone), now, http.RequestAborted)
            : null;
        var ordered = workers.ToArray();

        // Upper-cased names compared ordinally order as OrdinalIgnoreCase does, at a fraction of its cost for 10,000 names;
        // the SID settles equal names the same way every time.
        var keys = Array.ConvertAll(ordered, w => string.Concat(w.FriendlyName.ToUpperInvariant(), "\0", w.Sid));
        Array.Sort(keys, ordered, StringComparer.Ordinal);
        var timeZone = scope.Company.TimeZone.Id;
        return new WorkerListResult(ordered, workspace, stats, timeZone);
    }

    private static async Task<IResult> AuditLogAsync(HttpContext http, TaskConsoleDbContext db)
    {
        var scope = CompanyScope.Of(http);
        var query = new QueryParameters(http.Request.Query);
        var pageSize = query.Integer("pageSize", 1, 1_000, 50);
        var before = query.Single("pageToken") is { } token ? ParseCursor(token, query) : null;
        var action = query.Single("action");
        var actor = query.Single("actor");
        var from = query.Time("from");
        var to = query.Time("to");
        if (query.Problem is { } problem)
        {
            return problem;
        }

        var records = db.AuditLog.AsNoTracking().Where(a => a.CompanyId == scope.Company.Id);
        records = action is null ? records : records.Where(a => a.Action == action);
        records = actor is null ? records : records.Where(a => a.Actor == actor);
        records = from is null ? records : records.Where(a => a.OccurredAt >= from);
        records = to is null ? records : records.Where(a => a.OccurredAt < to);
        records = before is null ? records : records.Where(a => a.Id < before);
        var page = await records.OrderByDescending(a => a.Id).Take(pageSize + 1).ToListAsync(http.RequestAborted);
        var more = page.Count > pageSize;
        page = page.Take(pageSize).ToList();
        return ApiResults.Ok(new
        {
            data = page.Select(a => new { a.Id, a.CompanyId, a.Actor, a.Action, targets = a.Targets.Split(',', StringSplitOptions.RemoveEmptyEntries), a.Result, a.Detail, occurredAt = a.OccurredAt, a.CorrelationId }),
            nextUrl = more ? ApiResults.PageUrl(http.Request, page[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
        });
    }

    private static long? ParseCursor(string token, QueryParameters query)
    {
        if (long.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        query.Errors.Add("pageToken: not a token this list gave out");
        return null;
    }

    /// <summary>The worker list, written straight into the response body as it is produced.</summary>
    private sealed class WorkerListResult(
        IReadOnlyList<WorkerInfo> workers, WorkspaceInfo workspace, IReadOnlyDictionary<string, WorkerCumulativeStatistics>? statsToday, string timeZone) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            var body = httpContext.Response.BodyWriter;
            return WorkerListWriter.WriteAsync(
                body, async cancellationToken => await body.FlushAsync(cancellationToken), workers, workspace, statsToday, timeZone, httpContext.RequestAborted);
        }
    }
}
