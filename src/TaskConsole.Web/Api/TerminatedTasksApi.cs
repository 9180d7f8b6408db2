using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Data;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Api;

/// <summary>The seed's terminated-task endpoints, over TaskConsole's own history.</summary>
public static class TerminatedTasksApi
{
    private static readonly string[] Outcomes = ["completed", "canceled"];

    public static void MapTerminatedTasksApi(this RouteGroupBuilder company)
    {
        var history = company.MapGroup("/twilio-terminated-tasks").WithTags("Terminated tasks");
        CompanyScope.RequireCompanyRole(history.MapGet("/", ListEndpointAsync).WithName("ListTerminatedTasks").WithSummary("Terminated tasks, newest first"), CompanyRole.Viewer);
        CompanyScope.RequireCompanyRole(history.MapGet("/{taskHistoryId}", GetAsync).WithName("GetTerminatedTask").WithSummary("A terminated task by record id or task SID"), CompanyRole.Viewer);
        CompanyScope.RequireCompanyRole(history.MapPost("/{taskHistoryId}/clone", CloneEndpointAsync).WithName("CloneTerminatedTask").WithSummary("Create a new task from a terminated one"), CompanyRole.Supervisor);
    }

    /// <summary>One page of history, newest first, and the token of the next page when there is one.</summary>
    public sealed record HistoryPage(IReadOnlyList<TaskHistoryRecord> Records, string? NextToken);

    /// <summary>
    /// The history list behind the endpoint and the dashboard, from the endpoint's parameters. Null when a parameter is
    /// wrong; the problems are then on <paramref name="query"/>.
    /// </summary>
    public static async Task<HistoryPage?> ListAsync(TaskConsoleDbContext db, string companyId, QueryParameters query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var from = query.Time("from");
        var to = query.Time("to");
        var taskTypes = query.OneOf("taskType", CrmVocabulary.TaskTypes.ToArray());
        var caseTypes = query.OneOf("caseType", CrmVocabulary.CaseTypes.ToArray());
        var caseIds = query.Values("caseId");
        var outcomes = query.OneOf("outcome", Outcomes);
        var reasons = query.Values("reason");
        var queues = query.Values("taskQueueSid");
        var workers = query.Values("workerSid");
        var pageSize = query.Integer("pageSize", 1, UnterminatedTasksApi.MaxPageSize, UnterminatedTasksApi.DefaultPageSize);
        (long TerminatedMs, long Id)? after = null;
        if (query.Single("pageToken") is { } token)
        {
            var parts = token.Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                after = (ms, id);
            }
            else
            {
                query.Errors.Add("pageToken: not a token this list gave out");
            }
        }

        if (query.Errors.Count > 0)
        {
            return null;
        }

        var records = db.TaskHistory.AsNoTracking().Where(h => h.CompanyId == companyId);
        records = from is null ? records : records.Where(h => h.TerminatedAt >= from);
        records = to is null ? records : records.Where(h => h.TerminatedAt < to);
        records = taskTypes.Count == 0 ? records : records.Where(h => taskTypes.Contains(h.TaskType!));
        records = caseTypes.Count == 0 ? records : records.Where(h => caseTypes.Contains(h.CaseType!));
        records = caseIds.Count == 0 ? records : records.Where(h => caseIds.Contains(h.CaseId!));
        records = outcomes.Count == 0 ? records : records.Where(h => outcomes.Contains(h.Outcome));
        records = reasons.Count == 0 ? records : records.Where(h => reasons.Contains(h.Reason!));
        records = queues.Count == 0 ? records : records.Where(h => queues.Contains(h.TaskQueueSid!));
        records = workers.Count == 0 ? records : records.Where(h => workers.Contains(h.LastWorkerSid!));
        if (after is { } cursor)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(cursor.TerminatedMs);
            records = records.Where(h => h.TerminatedAt < at || (h.TerminatedAt == at && h.Id < cursor.Id));
        }

        var page = await records.OrderByDescending(h => h.TerminatedAt).ThenByDescending(h => h.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var more = page.Count > pageSize;
        page = page.Take(pageSize).ToList();
        return new HistoryPage(page, more ? string.Create(CultureInfo.InvariantCulture, $"{page[^1].TerminatedAt.ToUnixTimeMilliseconds()}.{page[^1].Id}") : null);
    }

    private static async Task<IResult> ListEndpointAsync(HttpContext http, TaskConsoleDbContext db)
    {
        var query = new QueryParameters(http.Request.Query);
        if (await ListAsync(db, CompanyScope.Of(http).Company.Id, query, http.RequestAborted) is not { } page)
        {
            return query.Problem!;
        }

        return ApiResults.Ok(new
        {
            data = page.Records.Select(h => Summary(h)),
            nextUrl = page.NextToken is { } next ? ApiResults.PageUrl(http.Request, next) : null,
            previousUrl = (string?)null,
        });
    }

    /// <summary>A new task with the record's attributes plus <c>clonedFromTaskSid</c>, in the same workflow with the same priority and channel.</summary>
    public static Task<TaskRouterResult<TaskInfo>> CloneAsync(ITaskRouterClient client, TaskHistoryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(record);
        var attributes = Attributes.With(record.Attributes, ("clonedFromTaskSid", record.TaskSid));
        return client.CreateTaskAsync(new NewTask(attributes, record.WorkflowSid, record.Priority, TaskChannel: record.TaskChannel), cancellationToken);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string taskHistoryId, TaskConsoleDbContext db)
    {
        var scope = CompanyScope.Of(http);
        if (await DetailAsync(db, scope.TaskRouter, taskHistoryId, http.RequestAborted) is not { } detail)
        {
            return ApiResults.NotFound($"taskHistoryId: no terminated task '{taskHistoryId}'");
        }

        var timeline = detail.Timeline.Select(t => new { eventSid = t.EventSid, eventType = t.EventType, timestamp = t.Timestamp, t.Description, t.TaskStatus, t.WorkerSid, t.WorkerName, t.TaskQueueSid, t.TaskQueueName });
        var summary = System.Text.Json.JsonSerializer.SerializeToNode(Summary(detail.Record), ApiResults.Json)!.AsObject();
        summary["timeline"] = System.Text.Json.JsonSerializer.SerializeToNode(timeline, ApiResults.Json);
        summary["cloneTaskSids"] = System.Text.Json.JsonSerializer.SerializeToNode(detail.CloneTaskSids);
        return ApiResults.Ok(new { data = summary });
    }

    /// <summary>A terminated task with its lifecycle, in order, and the SIDs of its clones, ended or still active.</summary>
    public sealed record HistoryDetail(TaskHistoryRecord Record, IReadOnlyList<TaskTimelineEntry> Timeline, IReadOnlyList<string> CloneTaskSids);

    public static async Task<HistoryDetail?> DetailAsync(TaskConsoleDbContext db, ITaskRouterClient client, string idOrSid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(client);
        var companyId = client.Company.Id;
        if (await FindAsync(db, companyId, idOrSid, cancellationToken) is not { } record)
        {
            return null;
        }

        var timeline = await db.TaskTimeline.AsNoTracking()
            .Where(t => t.CompanyId == companyId && t.TaskSid == record.TaskSid)
            .OrderBy(t => t.Id)
            .ToListAsync(cancellationToken);
        var clonesInHistory = await db.TaskHistory.AsNoTracking()
            .Where(h => h.CompanyId == companyId && h.ClonedFromTaskSid == record.TaskSid)
            .Select(h => h.TaskSid).ToListAsync(cancellationToken);
        var activeClones = (await client.GetActiveTasksAsync(cancellationToken))
            .Where(t => t.AttributesJson.TryGetProperty("clonedFromTaskSid", out var origin) && origin.ValueKind == System.Text.Json.JsonValueKind.String && origin.GetString() == record.TaskSid)
            .Select(t => t.Sid);
        return new HistoryDetail(record, timeline, clonesInHistory.Concat(activeClones).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    private static async Task<IResult> CloneEndpointAsync(HttpContext http, string taskHistoryId, TaskConsoleDbContext db, AuditLog audit, Idempotency idempotency, TimeProvider time)
    {
        var scope = CompanyScope.Of(http);
        var record = await FindAsync(db, scope.Company.Id, taskHistoryId, http.RequestAborted);
        if (record is null)
        {
            return ApiResults.NotFound($"taskHistoryId: no terminated task '{taskHistoryId}'");
        }

        return await idempotency.RunAsync(http, scope.Company.Id, "clone:" + record.TaskSid, async () =>
        {
            var created = await CloneAsync(scope.TaskRouter, record, http.RequestAborted);
            if (!created.IsSuccess)
            {
                await audit.WriteAsync(http, scope.Company.Id, "task.clone", [record.TaskSid], "refused", created.Error!.Message);
                return ApiResults.BadRequest($"Failed to clone task: {created.Error.Message}");
            }

            await audit.WriteAsync(http, scope.Company.Id, "task.clone", [record.TaskSid, created.Value!.Sid], "cloned");
            var shapes = await UnterminatedTasksApi.ShapesAsync(scope.TaskRouter, http.RequestAborted);
            return ApiResults.Ok(new
            {
                status = 200,
                message = $"Task {record.TaskSid} was cloned as {created.Value.Sid}",
                data = await UnterminatedTasksApi.ToJsonAsync(scope.TaskRouter, shapes, created.Value, includeReservation: true, time.GetUtcNow(), http.RequestAborted),
            });
        });
    }

    public static async Task<TaskHistoryRecord?> FindAsync(TaskConsoleDbContext db, string companyId, string idOrSid, CancellationToken cancellationToken)
    {
        if (long.TryParse(idOrSid, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await db.TaskHistory.AsNoTracking().FirstOrDefaultAsync(h => h.CompanyId == companyId && h.Id == id, cancellationToken);
        }

        return await db.TaskHistory.AsNoTracking().FirstOrDefaultAsync(h => h.CompanyId == companyId && h.TaskSid == idOrSid, cancellationToken);
    }

    private static object Summary(TaskHistoryRecord h) => new
    {
        id = h.Id,
        taskSid = h.TaskSid,
        outcome = h.Outcome,
        reason = h.Reason,
        endedBy = h.EndedBy,
        attributes = TaskRouterJson.AttributesObject(h.Attributes),
        taskType = h.TaskType,
        caseType = h.CaseType,
        caseId = h.CaseId,
        priority = h.Priority,
        taskChannel = h.TaskChannel,
        taskQueueSid = h.TaskQueueSid,
        taskQueueName = h.TaskQueueName,
        workflowSid = h.WorkflowSid,
        workflowName = h.WorkflowName,
        lastWorkerSid = h.LastWorkerSid,
        lastWorkerName = h.LastWorkerName,
        createdAt = h.CreatedAt,
        assignedAt = h.AssignedAt,
        terminatedAt = h.TerminatedAt,
        waitSeconds = Math.Round(h.WaitSeconds, 3),
        handleSeconds = h.HandleSeconds is { } handle ? Math.Round(handle, 3) : (double?)null,
        clonedFromTaskSid = h.ClonedFromTaskSid,
    };
}
