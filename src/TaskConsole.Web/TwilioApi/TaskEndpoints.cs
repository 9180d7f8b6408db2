using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using static TaskConsole.Web.TwilioApi.WorkspaceEndpoints;

namespace TaskConsole.Web.TwilioApi;

/// <summary>Tasks and their Reservations.</summary>
public static class TaskEndpoints
{
    public static readonly string[] ReservationStatuses = Enum.GetValues<ReservationStatus>().Select(s => s.ToWire()).ToArray();
    private static readonly string[] TaskStatuses = Enum.GetValues<TaskAssignmentStatus>().Select(s => s.ToWire()).ToArray();
    private static readonly string[] TaskOrderings = ["DateCreated", "Priority", "VirtualStartTime"];

    /// <summary>Direct routing and channel changes have no counterpart in the embedded engine; they are refused, never ignored.</summary>
    private static readonly string[] UnsupportedOnCreate = ["RoutingTarget", "IgnoreCapacity", "TaskQueueSid"];

    public static void MapTasks(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/Tasks", (HttpContext http) =>
        {
            var ws = http.Workspace();
            var query = new QueryParameters(http.Request.Query);
            var priority = query.Integer("Priority", 0, int.MaxValue);
            var statuses = query.OneOf("AssignmentStatus", TaskStatuses);
            var workflowSid = query.Single("WorkflowSid");
            var workflowName = query.Single("WorkflowName");
            var queue = WorkerEndpoints.QueueOf(ws.Engine, query);
            var expression = query.Expression("EvaluateTaskAttributes", ExpressionScope.Task);
            var routingTarget = query.Single("RoutingTarget");
            var hasAddons = query.Boolean("HasAddons");
            var ordering = TwilioJson.Ordering(query.Single("Ordering"), TaskOrderings, query.Errors);
            if (ordering.Any(o => o.Attribute == "DateCreated") && ordering.Any(o => o.Attribute == "VirtualStartTime"))
            {
                query.Errors.Add("Ordering: DateCreated and VirtualStartTime cannot be combined");
            }

            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            var workflows = ws.Engine.GetWorkflows().ToDictionary(w => w.Sid, StringComparer.Ordinal);
            var queues = ws.Engine.GetTaskQueues().ToDictionary(q => q.Sid, StringComparer.Ordinal);
            var now = ws.Now;
            IEnumerable<TaskInfo> tasks = ws.Engine.GetTasks()
                .Where(t => (priority is null || t.Priority == priority)
                    && (statuses.Count == 0 || statuses.Contains(t.AssignmentStatus.ToWire()))
                    && (workflowSid is null || t.WorkflowSid == workflowSid)
                    && (workflowName is null || (workflows.TryGetValue(t.WorkflowSid, out var w) && string.Equals(w.FriendlyName, workflowName, StringComparison.OrdinalIgnoreCase)))
                    && (queue is null || t.TaskQueueSid == queue.Sid)
                    && routingTarget is null
                    && hasAddons is not true
                    && (expression is null || expression.Evaluate(ExpressionContext.ForTask(t.AttributesDocument, now))))
                .OrderBy(t => t.DateCreated).ThenBy(t => t.Sid, StringComparer.Ordinal);
            foreach (var (attribute, descending) in ordering.Reverse())
            {
                tasks = attribute switch
                {
                    "Priority" => descending ? tasks.OrderByDescending(t => t.Priority) : tasks.OrderBy(t => t.Priority),
                    "VirtualStartTime" => descending ? tasks.OrderByDescending(t => t.VirtualStartTime) : tasks.OrderBy(t => t.VirtualStartTime),
                    _ => descending ? tasks.OrderByDescending(t => t.DateCreated) : tasks.OrderBy(t => t.DateCreated),
                };
            }

            return TwilioPage.Create(http, "tasks", tasks.ToList(), t => TwilioJson.Task(t, queues, workflows, ws));
        });
        workspace.MapPost("/Tasks", async (HttpContext http) =>
        {
            var form = await http.Request.FormAsync();
            foreach (var name in UnsupportedOnCreate.Where(n => form.Single(n) is not null))
            {
                form.Errors.Add($"{name}: direct routing is not supported by the TaskConsole embedded engine; route through a workflow");
            }

            var request = new NewTask(
                Attributes: form.Single("Attributes"),
                WorkflowSid: form.Single("WorkflowSid"),
                Priority: form.Integer("Priority", 0, int.MaxValue),
                Timeout: form.Integer("Timeout", 1, TaskRouterEngine.MaxTaskTimeout),
                TaskChannel: form.Single("TaskChannel"),
                VirtualStartTime: form.Time("VirtualStartTime"));
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.CreateTask(request), t => Task(t, ws), created: true, t => TaskRouterEngine.ETag(t.Version));
        });
        workspace.MapGet("/Tasks/{Sid}", (HttpContext http, string sid) =>
        {
            var ws = http.Workspace();
            return ws.Engine.GetTask(sid) is { } task
                ? TwilioResults.Ok(Task(task, ws), TaskRouterEngine.ETag(task.Version))
                : TwilioResults.NotFound($"Task {sid} was not found");
        });
        workspace.MapPost("/Tasks/{Sid}", async (HttpContext http, string sid) =>
        {
            var form = await http.Request.FormAsync();
            if (form.Single("TaskChannel") is not null)
            {
                form.Errors.Add("TaskChannel: a task's channel cannot be changed by the TaskConsole embedded engine");
            }

            var status = form.OneOf("AssignmentStatus", TaskStatuses).FirstOrDefault(TaskStatuses.Contains);
            var update = new TaskUpdate(
                Attributes: form.Single("Attributes"),
                AssignmentStatus: status is null ? null : Enum.Parse<TaskAssignmentStatus>(status, ignoreCase: true),
                Reason: form.Single("Reason"),
                Priority: form.Integer("Priority", 0, int.MaxValue),
                VirtualStartTime: form.Time("VirtualStartTime"),
                IfMatch: http.Request.IfMatch());
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.UpdateTask(sid, update), t => Task(t, ws), etag: t => TaskRouterEngine.ETag(t.Version));
        });
        workspace.MapDelete("/Tasks/{Sid}", (HttpContext http, string sid) => Deleted(http.Workspace().Engine.DeleteTask(sid, http.Request.IfMatch())));

        workspace.MapGet("/Tasks/{TaskSid}/Reservations", (HttpContext http, string taskSid) =>
        {
            var ws = http.Workspace();
            if (ws.Engine.GetTask(taskSid) is null)
            {
                return TwilioResults.NotFound($"Task {taskSid} was not found");
            }

            var query = new QueryParameters(http.Request.Query);
            var statuses = query.OneOf("ReservationStatus", ReservationStatuses);
            var workerSid = query.Single("WorkerSid");
            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            var reservations = ws.Engine.GetTaskReservations(taskSid)
                .Where(r => (statuses.Count == 0 || statuses.Contains(r.ReservationStatus.ToWire())) && (workerSid is null || r.WorkerSid == workerSid))
                .OrderBy(r => r.DateCreated).ToList();
            return TwilioPage.Create(http, "reservations", reservations, r => TwilioJson.Reservation(r, ws));
        });
        workspace.MapGet("/Tasks/{TaskSid}/Reservations/{Sid}", (HttpContext http, string taskSid, string sid) =>
        {
            var ws = http.Workspace();
            return ws.Engine.GetReservation(sid) is { } reservation && reservation.TaskSid == taskSid
                ? TwilioResults.Ok(TwilioJson.Reservation(reservation, ws), TaskRouterEngine.ETag(reservation.Version))
                : TwilioResults.NotFound($"Reservation {sid} of task {taskSid} was not found");
        });
        workspace.MapPost("/Tasks/{TaskSid}/Reservations/{Sid}", (HttpContext http, string taskSid, string sid) => UpdateReservationAsync(http, taskSid, sid, underWorker: false));
    }

    /// <summary>
    /// Accepts, rejects, completes or wraps a reservation. Call instructions (<c>Instruction</c>: dequeue, call, conference,
    /// redirect) need Twilio Voice, which the embedded engine does not have, so they are refused with a message that says so.
    /// </summary>
    public static async Task<IResult> UpdateReservationAsync(HttpContext http, string taskSid, string sid, bool underWorker)
    {
        ArgumentNullException.ThrowIfNull(http);
        var form = await http.Request.FormAsync();
        if (form.Single("Instruction") is { } instruction)
        {
            form.Errors.Add($"Instruction: '{instruction}' needs Twilio Voice, which the TaskConsole embedded engine does not have; set ReservationStatus instead");
        }

        var status = form.OneOf("ReservationStatus", ReservationStatuses);
        var activity = form.Single("WorkerActivitySid");
        if (status.Count == 0 && form.Errors.Count == 0)
        {
            form.Errors.Add("ReservationStatus: required (accepted, rejected, wrapping or completed)");
        }

        if (form.Errors.Count > 0)
        {
            return TwilioResults.Invalid(form.Errors);
        }

        var ws = http.Workspace();
        var update = new ReservationUpdate(Enum.Parse<ReservationStatus>(status[0], ignoreCase: true), activity, http.Request.IfMatch());
        return Answer(ws.Engine.UpdateReservation(taskSid, sid, update), r => TwilioJson.Reservation(r, ws, underWorker), etag: r => TaskRouterEngine.ETag(r.Version));
    }

    private static object Task(TaskInfo task, TwilioWorkspace ws) => TwilioJson.Task(
        task,
        ws.Engine.GetTaskQueues().ToDictionary(q => q.Sid, StringComparer.Ordinal),
        ws.Engine.GetWorkflows().ToDictionary(w => w.Sid, StringComparer.Ordinal),
        ws);
}
