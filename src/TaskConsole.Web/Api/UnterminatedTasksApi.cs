using System.Globalization;
using System.Text.Json;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Api;

/// <summary>The seed's unterminated-task endpoints: list with every filter, fetch, delete, bulk delete and abandon.</summary>
public static class UnterminatedTasksApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1_000;
    public const int MaxBulkDelete = 1_000;
    public const string UnableToCompleteReason = "Unable to Complete";

    private static readonly string[] ActiveStatuses = ["pending", "reserved", "assigned", "wrapping"];
    private static readonly string[] SortFields = ["dateCreated", "priority", "age", "virtualStartTime"];

    public static void MapUnterminatedTasksApi(this RouteGroupBuilder company)
    {
        var tasks = company.MapGroup("/twilio-unterminated-tasks").WithTags("Unterminated tasks");
        CompanyScope.RequireCompanyRole(tasks.MapGet("/", ListEndpointAsync).WithName("ListUnterminatedTasks").WithSummary("List unterminated tasks"), CompanyRole.Viewer);
        CompanyScope.RequireCompanyRole(tasks.MapGet("/{taskSid}", GetAsync).WithName("GetUnterminatedTask").WithSummary("Get an unterminated task"), CompanyRole.Viewer);
        CompanyScope.RequireCompanyRole(tasks.MapDelete("/{taskSid}", DeleteAsync).WithName("DeleteUnterminatedTask").WithSummary("Delete an unterminated task"), CompanyRole.Supervisor);
        CompanyScope.RequireCompanyRole(tasks.MapDelete("/", BulkDeleteAsync).WithName("BulkDeleteUnterminatedTasks").WithSummary("Bulk delete unterminated tasks"), CompanyRole.Supervisor);
        CompanyScope.RequireCompanyRole(tasks.MapPost("/{taskSid}/abandon", AbandonEndpointAsync).WithName("AbandonTask").WithSummary("Abandon an accepted task"), CompanyRole.Supervisor);
    }

    /// <summary>The parsed filters of a list request: a predicate over tasks, the sort, and the key that binds page tokens to it.</summary>
    public sealed record TaskQuery(Func<TaskInfo, bool> Matches, IReadOnlyList<(string Field, bool Descending)> Sort, string Key, bool IncludeReservation);

    /// <summary>Parses every filter of the seed; problems are collected on <paramref name="query"/>.</summary>
    public static TaskQuery ParseQuery(QueryParameters query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var include = query.OneOf("include", ["reservation"]);
        var queueSid = query.Single("taskQueueSid");
        if (queueSid is not null && !Sids.IsValid(queueSid, Sids.Queue))
        {
            query.Errors.Add($"taskQueueSid: '{queueSid}' is not a task queue SID (WQ followed by 32 hex digits)");
        }

        var statuses = query.Values("assignmentStatus");
        foreach (var status in statuses.Where(s => !ActiveStatuses.Contains(s)))
        {
            query.Errors.Add(status is "completed" or "canceled"
                ? $"assignmentStatus: '{status}' tasks are terminated; list them with twilio-terminated-tasks"
                : $"assignmentStatus: '{status}' is not one of {string.Join(", ", ActiveStatuses)}");
        }

        var taskTypes = query.OneOf("taskType", CrmVocabulary.TaskTypes.ToArray());
        var caseTypes = query.OneOf("caseType", CrmVocabulary.CaseTypes.ToArray());
        var caseIds = query.Values("caseId");
        var supercaseIds = query.Values("supercaseId");
        var interactionIds = query.Values("interactionId");
        var unableToComplete = query.Boolean("unableToComplete");
        var hasCase = query.Boolean("hasCase");
        var hasCaseOwner = query.Boolean("hasCaseOwner");
        TaskRouterExpression? expression = null;
        if (query.Single("taskAttrMatchExpr") is { } text && !TaskRouterExpression.TryParse(text, ExpressionScope.Task, out expression, out var syntax))
        {
            query.Errors.Add($"taskAttrMatchExpr: {syntax!.Message}");
        }

        var sort = new List<(string, bool)>();
        foreach (var value in query.Values("sortBy"))
        {
            var parts = value.Split(':');
            var field = parts[0];
            var direction = parts.Length > 1 ? parts[1] : "asc";
            if (parts.Length > 2 || direction is not ("asc" or "desc"))
            {
                query.Errors.Add($"sortBy: '{value}' must be a field, optionally followed by :asc or :desc");
            }
            else if (!SortFields.Contains(field) && !(field.StartsWith("attributes.", StringComparison.Ordinal) && field.Length > 11))
            {
                query.Errors.Add($"sortBy: '{field}' is not one of {string.Join(", ", SortFields)} or attributes.<path>");
            }
            else
            {
                sort.Add((field, direction == "desc"));
            }
        }

        if (sort.Count == 0)
        {
            sort.Add(("dateCreated", false));
        }

        bool Matches(TaskInfo task)
        {
            var attributes = task.AttributesDocument;
            return (queueSid is null || task.TaskQueueSid == queueSid)
                && (statuses.Count == 0 || statuses.Contains(task.AssignmentStatus.ToWire()))
                && AnyOf(attributes, CrmVocabulary.TaskTypeKey, taskTypes)
                && AnyOf(attributes, CrmVocabulary.CaseTypeKey, caseTypes)
                && AnyOf(attributes, CrmVocabulary.CaseIdKey, caseIds)
                && AnyOf(attributes, CrmVocabulary.SupercaseIdKey, supercaseIds)
                && AnyOf(attributes, CrmVocabulary.InteractionIdKey, interactionIds)
                && (unableToComplete is null || attributes.IsTrue(CrmVocabulary.UnableToCompleteKey) == unableToComplete)
                && (hasCase is null || attributes.HasValue(CrmVocabulary.CaseIdKey) == hasCase)
                && (hasCaseOwner is null || attributes.HasValue(CrmVocabulary.CaseOwnerIdKey) == hasCaseOwner)
                && (expression is null || expression.Evaluate(ExpressionContext.ForTask(task.AttributesDocument, now)));
        }

        var key = string.Join("&", new[] { "include", "taskQueueSid", "assignmentStatus", "taskType", "caseType", "caseId", "supercaseId", "interactionId", "unableToComplete", "hasCase", "hasCaseOwner", "taskAttrMatchExpr", "sortBy" }
            .Select(name => name + "=" + string.Join(",", query.Values(name))));
        return new TaskQuery(Matches, sort, key, include.Contains("reservation"));
    }

    /// <summary>One page of a filtered, sorted list of unterminated tasks, and how many tasks match in all.</summary>
    public sealed record TaskPage(IReadOnlyList<TaskInfo> Tasks, int Total, int Offset, int PageSize, TaskQuery Query);

    /// <summary>
    /// The list behind the endpoint and the dashboard: filters, sort and page size from the seed's parameters, and
    /// the page from <c>pageToken</c> or, for callers that keep their own position, <paramref name="offset"/>.
    /// Null when a parameter is wrong; the problems are then on <paramref name="query"/>.
    /// </summary>
    public static async Task<TaskPage?> ListAsync(ITaskRouterClient client, QueryParameters query, DateTimeOffset now, CancellationToken cancellationToken, int? offset = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(query);
        var filter = ParseQuery(query, now);
        var pageSize = query.Integer("pageSize", 1, MaxPageSize, DefaultPageSize);
        var start = offset ?? 0;
        if (offset is null && query.Single("pageToken") is { } token && !PageToken.TryRead(token, filter.Key, out start))
        {
            query.Errors.Add("pageToken: not a token this list gave out for these filters");
        }

        if (query.Errors.Count > 0)
        {
            return null;
        }

        var (tasks, total) = Ordered(await client.GetActiveTasksAsync(cancellationToken), filter, start, pageSize);
        return new TaskPage(tasks, total, start, pageSize, filter);
    }

    /// <summary>Every unterminated task the filter matches, in its order.</summary>
    public static async Task<IReadOnlyList<TaskInfo>> MatchingAsync(ITaskRouterClient client, TaskQuery filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(filter);
        return Ordered(await client.GetActiveTasksAsync(cancellationToken), filter, 0, int.MaxValue).Tasks;
    }

    private static async Task<IResult> ListEndpointAsync(HttpContext http, TimeProvider time)
    {
        var client = CompanyScope.Of(http).TaskRouter;
        var now = time.GetUtcNow();
        var query = new QueryParameters(http.Request.Query);
        if (await ListAsync(client, query, now, http.RequestAborted) is not { } page)
        {
            return query.Problem!;
        }

        var shapes = await ShapesAsync(client, http.RequestAborted);
        var data = new List<object>(page.Tasks.Count);
        foreach (var task in page.Tasks)
        {
            data.Add(await ToJsonAsync(client, shapes, task, page.Query.IncludeReservation, now, http.RequestAborted));
        }

        var next = page.Offset + page.PageSize;
        return ApiResults.Ok(new
        {
            data,
            nextUrl = next < page.Total ? ApiResults.PageUrl(http.Request, PageToken.Create(next, page.Query.Key)) : null,
            previousUrl = page.Offset > 0 ? ApiResults.PageUrl(http.Request, PageToken.Create(Math.Max(0, page.Offset - page.PageSize), page.Query.Key)) : null,
        });
    }

    private static async Task<IResult> GetAsync(HttpContext http, string taskSid)
    {
        var scope = CompanyScope.Of(http);
        var task = await scope.TaskRouter.GetTaskAsync(taskSid, http.RequestAborted);
        if (task is null || task.AssignmentStatus.IsTerminated())
        {
            return ApiResults.NotFound($"taskSid: no unterminated task {taskSid}");
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var shapes = await ShapesAsync(scope.TaskRouter, http.RequestAborted);
        return ApiResults.Ok(new { data = await ToJsonAsync(scope.TaskRouter, shapes, task, includeReservation: true, now, http.RequestAborted) });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string taskSid, AuditLog audit)
    {
        var scope = CompanyScope.Of(http);
        var (_, result, message) = await DeleteOneAsync(scope.TaskRouter, taskSid, http.RequestAborted);
        await audit.WriteAsync(http, scope.Company.Id, "task.delete", [taskSid], result, message);
        return result switch
        {
            "deleted" => ApiResults.Ok(new { status = 200, message }),
            "notFound" => ApiResults.NotFound($"taskSid: {message}"),
            _ => ApiResults.BadRequest($"taskSid: {message}"),
        };
    }

    private static async Task<IResult> BulkDeleteAsync(HttpContext http, AuditLog audit)
    {
        var scope = CompanyScope.Of(http);
        var (sids, problem) = await ReadTaskSidsAsync(http.Request);
        if (problem is not null)
        {
            return ApiResults.BadRequest(problem);
        }

        var results = new List<DeletionResult>(sids!.Count);
        foreach (var sid in sids)
        {
            results.Add(await DeleteOneAsync(scope.TaskRouter, sid, CancellationToken.None));
        }

        var (auditResult, summary) = Summarize(results);
        await audit.WriteAsync(http, scope.Company.Id, "task.bulk-delete", sids, auditResult, summary);
        return ApiResults.Ok(new { status = 200, message = $"{sids.Count} tasks: {summary}", data = results });
    }

    /// <summary>What happened to one task of a deletion: deleted, notFound, alreadyTerminated or failed, and why.</summary>
    public sealed record DeletionResult(string TaskSid, string Result, string Message);

    /// <summary>The audit result of a bulk deletion ("deleted" when every task was, else "partial") and its counts, e.g. "2 deleted, 1 notFound".</summary>
    public static (string AuditResult, string Summary) Summarize(IReadOnlyCollection<DeletionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var counts = results.GroupBy(r => r.Result).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var summary = string.Join(", ", counts.Select(c => $"{c.Count()} {c.Key}"));
        return (counts is [{ Key: "deleted" }] ? "deleted" : "partial", summary);
    }

    /// <summary>Deletes one task, reporting instead of failing when it is not there or has already ended.</summary>
    public static async Task<DeletionResult> DeleteOneAsync(ITaskRouterClient client, string taskSid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!Sids.IsValid(taskSid, Sids.Task))
        {
            return new(taskSid, "notFound", $"'{taskSid}' is not a task SID (WT followed by 32 hex digits)");
        }

        var task = await client.GetTaskAsync(taskSid, cancellationToken);
        if (task is null)
        {
            return new(taskSid, "notFound", $"no task {taskSid}");
        }

        if (task.AssignmentStatus.IsTerminated())
        {
            return new(taskSid, "alreadyTerminated", $"task {taskSid} is already {task.AssignmentStatus.ToWire()}");
        }

        var deleted = await client.DeleteTaskAsync(taskSid, cancellationToken);
        return deleted.IsSuccess
            ? new(taskSid, "deleted", $"task {taskSid} was {task.AssignmentStatus.ToWire()} and is now canceled and deleted")
            : deleted.Error!.Kind == TaskRouterErrorKind.NotFound ? new(taskSid, "notFound", $"no task {taskSid}") : new(taskSid, "failed", deleted.Error.Message);
    }

    private static async Task<(IReadOnlyList<string>? Sids, string? Problem)> ReadTaskSidsAsync(HttpRequest request)
    {
        var (document, problem) = await ApiResults.ReadJsonAsync(request);
        using (document)
        {
            if (document is null)
            {
                return (null, problem);
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("taskSids", out var list))
            {
                return (null, "taskSids: the body must be a JSON object with a taskSids array");
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                return (null, "taskSids: must be an array of task SIDs");
            }

            var sids = new List<string>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return (null, $"taskSids[{sids.Count}]: must be a string");
                }

                sids.Add(item.GetString()!);
            }

            return sids.Count is < 1 or > MaxBulkDelete
                ? (null, $"taskSids: give from 1 to {MaxBulkDelete} task SIDs (got {sids.Count})")
                : (sids.Distinct(StringComparer.Ordinal).ToList(), null);
        }
    }

    /// <summary>What abandoning did: the duplicate, or why nothing (or only part) happened, and the audit result.</summary>
    public sealed record AbandonOutcome(TaskInfo? Duplicate, string? Problem, bool NotFound, string AuditResult);

    /// <summary>
    /// Abandons an accepted (assigned or wrapping) task: it gets <c>unableToComplete</c> and is completed with reason
    /// "Unable to Complete", and a duplicate enters the same workflow with the same priority, marked
    /// <c>abandonedFromTaskSid</c> and kept from the worker who gave it up. Problems start "Failed to abandon task:".
    /// </summary>
    public static async Task<AbandonOutcome> AbandonAsync(ITaskRouterClient client, string taskSid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var task = await client.GetTaskAsync(taskSid, cancellationToken);
        if (task is null)
        {
            return new AbandonOutcome(null, $"taskSid: no task {taskSid}", NotFound: true, "refused");
        }

        if (task.AssignmentStatus is not (TaskAssignmentStatus.Assigned or TaskAssignmentStatus.Wrapping))
        {
            return new AbandonOutcome(
                null, $"Failed to abandon task: task {taskSid} is {task.AssignmentStatus.ToWire()}; only an accepted task (assigned or wrapping) can be abandoned", false, "refused");
        }

        var marked = Attributes.With(task.Attributes, (CrmVocabulary.UnableToCompleteKey, true));
        var update = await client.UpdateTaskAsync(taskSid, new TaskUpdate(Attributes: marked), cancellationToken);
        var completed = update.IsSuccess
            ? await client.UpdateTaskAsync(taskSid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: UnableToCompleteReason), cancellationToken)
            : update;
        if (!completed.IsSuccess)
        {
            return new AbandonOutcome(null, $"Failed to abandon task: {completed.Error!.Message}", false, "refused");
        }

        var excluded = new List<string>();
        if (task.AttributesJson.TryGetProperty("excludedWorkerSids", out var already) && already.ValueKind == JsonValueKind.Array)
        {
            excluded.AddRange(already.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
        }

        if (task.LastWorkerSid is { } worker && !excluded.Contains(worker))
        {
            excluded.Add(worker);
        }

        var duplicate = Attributes.With(task.Attributes, (CrmVocabulary.UnableToCompleteKey, true), ("abandonedFromTaskSid", taskSid), ("excludedWorkerSids", excluded));
        var created = await client.CreateTaskAsync(new NewTask(duplicate, task.WorkflowSid, task.Priority, TaskChannel: task.TaskChannelUniqueName), cancellationToken);
        return created.IsSuccess
            ? new AbandonOutcome(created.Value, null, false, "abandoned")
            : new AbandonOutcome(
                null, $"Failed to abandon task: task {taskSid} was completed as unable to complete, but its duplicate could not be created: {created.Error!.Message}", false, "failed");
    }

    private static async Task<IResult> AbandonEndpointAsync(HttpContext http, string taskSid, AuditLog audit, Idempotency idempotency, TimeProvider time)
    {
        var scope = CompanyScope.Of(http);
        return await idempotency.RunAsync(http, scope.Company.Id, "abandon:" + taskSid, async () =>
        {
            var outcome = await AbandonAsync(scope.TaskRouter, taskSid, http.RequestAborted);
            if (outcome.NotFound)
            {
                return ApiResults.NotFound(outcome.Problem!);
            }

            await audit.WriteAsync(http, scope.Company.Id, "task.abandon", outcome.Duplicate is { } copy ? [taskSid, copy.Sid] : [taskSid], outcome.AuditResult, outcome.Problem);
            if (outcome.Duplicate is not { } duplicate)
            {
                return ApiResults.BadRequest(outcome.Problem!);
            }

            var shapes = await ShapesAsync(scope.TaskRouter, http.RequestAborted);
            return ApiResults.Ok(new
            {
                status = 200,
                message = $"Task {taskSid} was completed as unable to complete; {duplicate.Sid} replaces it",
                data = await ToJsonAsync(scope.TaskRouter, shapes, duplicate, includeReservation: true, time.GetUtcNow(), http.RequestAborted),
            });
        });
    }

    public sealed record Shapes(WorkspaceInfo Workspace, IReadOnlyDictionary<string, TaskQueueInfo> Queues, IReadOnlyDictionary<string, WorkflowInfo> Workflows);

    public static async Task<Shapes> ShapesAsync(ITaskRouterClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new Shapes(
            await client.GetWorkspaceAsync(cancellationToken),
            (await client.GetTaskQueuesAsync(cancellationToken)).ToDictionary(q => q.Sid, StringComparer.Ordinal),
            (await client.GetWorkflowsAsync(cancellationToken)).ToDictionary(w => w.Sid, StringComparer.Ordinal));
    }

    public static async Task<object> ToJsonAsync(ITaskRouterClient client, Shapes shapes, TaskInfo task, bool includeReservation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(shapes);
        var json = TaskRouterJson.Task(task, shapes.Workspace, shapes.Queues, shapes.Workflows, now);
        if (!includeReservation)
        {
            return json;
        }

        var current = (await client.GetTaskReservationsAsync(task.Sid, cancellationToken))
            .Where(r => r.ReservationStatus is ReservationStatus.Pending or ReservationStatus.Accepted or ReservationStatus.Wrapping)
            .OrderByDescending(r => r.DateUpdated)
            .FirstOrDefault();
        var withReservation = JsonSerializer.SerializeToNode(json)!.AsObject();
        withReservation["reservation"] = current is null ? null : JsonSerializer.SerializeToNode(TaskRouterJson.Reservation(current, shapes.Workspace));
        return withReservation;
    }

    /// <summary>The tasks the filter matches in its order, from <paramref name="skip"/> on and at most <paramref name="take"/> of them, and how many matched in all.</summary>
    private static (List<TaskInfo> Tasks, int Total) Ordered(IReadOnlyList<TaskInfo> tasks, TaskQuery filter, int skip, int take)
    {
        if (filter.Sort is [var (field, descending)] && NumericKey(field) is { } key)
        {
            return OrderedByKey(tasks, filter, key, descending, skip, take);
        }

        var list = tasks.Where(filter.Matches).ToList();
        var comparisons = filter.Sort.Select(s => Comparison(s.Field, s.Descending)).ToArray();
        list.Sort((x, y) =>
        {
            foreach (var comparison in comparisons)
            {
                var order = comparison(x, y);
                if (order != 0)
                {
                    return order;
                }
            }

            return string.CompareOrdinal(x.Sid, y.Sid);
        });
        return (list.GetRange(Math.Min(skip, list.Count), Math.Min(take, Math.Max(0, list.Count - skip))), list.Count);
    }

    /// <summary>The built-in fields as numbers that order exactly as <see cref="Comparison"/> does; null for attributes.</summary>
    private static Func<TaskInfo, long>? NumericKey(string field) => field switch
    {
        "dateCreated" => t => t.DateCreated.UtcTicks,
        "priority" => t => t.Priority,
        "age" => t => -t.DateCreated.UtcTicks,
        "virtualStartTime" => t => t.VirtualStartTime.UtcTicks,
        _ => null,
    };

    /// <summary>
    /// One built-in field: the matching tasks and their keys in an array of plain values, sorted by key and then SID, as
    /// every sort here ends. Several times faster than comparing 100,000 tasks through delegates, and only the page asked
    /// for is copied out.
    /// </summary>
    private static (List<TaskInfo> Tasks, int Total) OrderedByKey(IReadOnlyList<TaskInfo> tasks, TaskQuery filter, Func<TaskInfo, long> key, bool descending, int skip, int take)
    {
        var entries = new KeyedTask[tasks.Count];
        var count = 0;
        foreach (var task in tasks)
        {
            if (filter.Matches(task))
            {
                var value = key(task);
                entries[count++] = new KeyedTask(descending ? -value : value, task);
            }
        }

        var matching = entries.AsSpan(0, count);
        matching.Sort();
        var slice = matching[Math.Min(skip, count)..];
        slice = slice[..Math.Min(take, slice.Length)];
        var page = new List<TaskInfo>(slice.Length);
        foreach (var entry in slice)
        {
            page.Add(entry.Task);
        }

        return (page, count);
    }

    private readonly record struct KeyedTask(long Key, TaskInfo Task) : IComparable<KeyedTask>
    {
        public int CompareTo(KeyedTask other)
        {
            var order = Key.CompareTo(other.Key);
            return order != 0 ? order : string.CompareOrdinal(Task.Sid, other.Task.Sid);
        }
    }

    private static Comparison<TaskInfo> Comparison(string field, bool descending)
    {
        if (field.StartsWith("attributes.", StringComparison.Ordinal))
        {
            return AttributeComparison(field[11..], descending);
        }

        Comparison<TaskInfo> ascending = field switch
        {
            "dateCreated" => (x, y) => x.DateCreated.CompareTo(y.DateCreated),
            "priority" => (x, y) => x.Priority.CompareTo(y.Priority),
            // Age grows as the creation time recedes: ordering by the exact creation time, not by whole seconds of age,
            // keeps tasks created in the same second in their real order and spares 100,000-task sorts the arithmetic.
            "age" => (x, y) => y.DateCreated.CompareTo(x.DateCreated),
            _ => (x, y) => x.VirtualStartTime.CompareTo(y.VirtualStartTime),
        };
        return descending ? (x, y) => ascending(y, x) : ascending;
    }

    /// <summary>Numbers before strings, missing values last in either direction.</summary>
    private static Comparison<TaskInfo> AttributeComparison(string path, bool descending) => (x, y) =>
    {
        var (xNumber, xText) = (x.AttributesDocument.GetNumber(path), x.AttributesDocument.GetString(path));
        var (yNumber, yText) = (y.AttributesDocument.GetNumber(path), y.AttributesDocument.GetString(path));
        var xMissing = xNumber is null && xText is null;
        var yMissing = yNumber is null && yText is null;
        if (xMissing || yMissing)
        {
            return xMissing == yMissing ? 0 : xMissing ? 1 : -1;
        }

        var order = (xNumber, yNumber) switch
        {
            ({ } a, { } b) => a.CompareTo(b),
            ({ }, null) => -1,
            (null, { }) => 1,
            _ => string.CompareOrdinal(xText, yText),
        };
        return descending ? -order : order;
    };

    private static bool AnyOf(AttributeDocument attributes, string key, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return true;
        }

        var text = attributes.GetString(key) ?? attributes.GetNumber(key)?.ToString(CultureInfo.InvariantCulture);
        return text is not null && values.Contains(text);
    }

}
