using Microsoft.Extensions.Primitives;
using TaskConsole.Core.Domain;
using TaskConsole.Web.Data;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Api;

/// <summary>
/// CSV exports of what a filter of the task lists matches, with the same parameters as the lists themselves. The
/// dashboard links here with the filters on screen; each export is audited, since it carries customer data out.
/// </summary>
public static class ExportsApi
{
    public static void MapExportsApi(this RouteGroupBuilder company)
    {
        CompanyScope.RequireCompanyRole(
            company.MapGet("/exports/unterminated-tasks.csv", UnterminatedAsync).WithTags("Exports").WithName("ExportUnterminatedTasks")
                .WithSummary("Every unterminated task the filters match, as CSV (the unterminated-tasks list's parameters)"),
            CompanyRole.Viewer);
        CompanyScope.RequireCompanyRole(
            company.MapGet("/exports/terminated-tasks.csv", TerminatedAsync).WithTags("Exports").WithName("ExportTerminatedTasks")
                .WithSummary("Every terminated task the filters match, newest first, as CSV (the terminated-tasks list's parameters)"),
            CompanyRole.Viewer);
    }

    private static async Task<IResult> UnterminatedAsync(HttpContext http, TimeProvider time, AuditLog audit)
    {
        var scope = CompanyScope.Of(http);
        var query = new QueryParameters(http.Request.Query);
        var now = time.GetUtcNow();
        var filter = UnterminatedTasksApi.ParseQuery(query, now);
        if (query.Problem is { } problem)
        {
            return problem;
        }

        var client = scope.TaskRouter;
        var tasks = await UnterminatedTasksApi.MatchingAsync(client, filter, http.RequestAborted);
        var shapes = await UnterminatedTasksApi.ShapesAsync(client, http.RequestAborted);
        var workers = (await client.GetActiveReservationsAsync(http.RequestAborted))
            .GroupBy(r => r.TaskSid)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.DateUpdated).First().WorkerName, StringComparer.Ordinal);
        await audit.WriteAsync(http, scope.Company.Id, "tasks.export", ["unterminated"], "exported", $"{tasks.Count} tasks; {http.Request.QueryString}");
        return new CsvResult($"unterminated-tasks-{scope.Company.Id}-{now:yyyyMMdd-HHmm}.csv", async csv =>
        {
            await csv.WriteRowAsync(["taskSid", "assignmentStatus", "taskType", "caseType", "caseId", "priority", "ageSeconds", "taskQueue", "workflow", "taskChannel", "worker", "dateCreated", "attributes"], http.RequestAborted);
            foreach (var task in tasks)
            {
                var attributes = task.AttributesDocument;
                await csv.WriteRowAsync(
                    [
                        task.Sid, task.AssignmentStatus.ToWire(), attributes.GetString(CrmVocabulary.TaskTypeKey), attributes.GetString(CrmVocabulary.CaseTypeKey),
                        attributes.GetString(CrmVocabulary.CaseIdKey), task.Priority, task.AgeSeconds(now),
                        task.TaskQueueSid is { } q && shapes.Queues.TryGetValue(q, out var queue) ? queue.FriendlyName : null,
                        shapes.Workflows.TryGetValue(task.WorkflowSid, out var workflow) ? workflow.FriendlyName : null,
                        task.TaskChannelUniqueName, workers.GetValueOrDefault(task.Sid), task.DateCreated, task.Attributes,
                    ],
                    http.RequestAborted);
            }
        });
    }

    private static async Task<IResult> TerminatedAsync(HttpContext http, TaskConsoleDbContext db, TimeProvider time, AuditLog audit)
    {
        var scope = CompanyScope.Of(http);
        var parameters = http.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        parameters["pageSize"] = UnterminatedTasksApi.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        parameters.Remove("pageToken");
        var query = new QueryParameters(new QueryCollection(parameters));
        if (await TerminatedTasksApi.ListAsync(db, scope.Company.Id, query, http.RequestAborted) is not { } first)
        {
            return query.Problem!;
        }

        await audit.WriteAsync(http, scope.Company.Id, "tasks.export", ["terminated"], "exported", http.Request.QueryString.ToString());
        return new CsvResult($"terminated-tasks-{scope.Company.Id}-{time.GetUtcNow():yyyyMMdd-HHmm}.csv", async csv =>
        {
            await csv.WriteRowAsync(
                ["id", "taskSid", "outcome", "reason", "endedBy", "taskType", "caseType", "caseId", "priority", "taskQueue", "workflow", "lastWorker", "createdAt", "assignedAt", "terminatedAt", "waitSeconds", "handleSeconds", "clonedFromTaskSid", "attributes"],
                http.RequestAborted);

            // Page by page through the history's own keyset, so that any number of rows streams in flat memory.
            for (var page = first; ; )
            {
                foreach (var h in page.Records)
                {
                    await csv.WriteRowAsync(
                        [h.Id, h.TaskSid, h.Outcome, h.Reason, h.EndedBy, h.TaskType, h.CaseType, h.CaseId, h.Priority, h.TaskQueueName, h.WorkflowName, h.LastWorkerName, h.CreatedAt, h.AssignedAt, h.TerminatedAt, h.WaitSeconds, h.HandleSeconds, h.ClonedFromTaskSid, h.Attributes],
                        http.RequestAborted);
                }

                if (page.NextToken is not { } next)
                {
                    break;
                }

                parameters["pageToken"] = next;
                page = (await TerminatedTasksApi.ListAsync(db, scope.Company.Id, new QueryParameters(new QueryCollection(parameters)), http.RequestAborted))!;
            }
        });
    }

    /// <summary>A CSV download, written into the response as it is produced.</summary>
    private sealed class CsvResult(string fileName, Func<CsvWriter, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "text/csv; charset=utf-8";
            httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            await using var csv = new CsvWriter(httpContext.Response.Body);
            await write(csv);
        }
    }
}
