using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using static TaskConsole.Web.TwilioApi.WorkspaceEndpoints;

namespace TaskConsole.Web.TwilioApi;

public static class WorkflowEndpoints
{
    public static void MapWorkflows(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/Workflows", (HttpContext http) =>
        {
            var ws = http.Workspace();
            var name = http.Request.Query["FriendlyName"].ToString();
            var workflows = ws.Engine.GetWorkflows().Where(w => name.Length == 0 || string.Equals(w.FriendlyName, name, StringComparison.OrdinalIgnoreCase)).ToList();
            return TwilioPage.Create(http, "workflows", workflows, w => TwilioJson.Workflow(w, ws));
        });
        workspace.MapPost("/Workflows", async (HttpContext http) =>
        {
            var form = await http.Request.FormAsync();
            var settings = Settings(form);
            if (settings.FriendlyName is null)
            {
                form.Errors.Add("FriendlyName: required");
            }

            if (settings.Configuration is null)
            {
                form.Errors.Add("Configuration: required");
            }

            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.CreateWorkflow(settings), w => TwilioJson.Workflow(w, ws), created: true);
        });
        workspace.MapGet("/Workflows/{Sid}", (HttpContext http, string sid) =>
        {
            var ws = http.Workspace();
            return ws.Engine.GetWorkflow(sid) is { } workflow ? TwilioResults.Ok(TwilioJson.Workflow(workflow, ws)) : TwilioResults.NotFound($"Workflow {sid} was not found");
        });
        workspace.MapPost("/Workflows/{Sid}", async (HttpContext http, string sid) =>
        {
            var form = await http.Request.FormAsync();
            var settings = Settings(form);
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.UpdateWorkflow(sid, settings), w => TwilioJson.Workflow(w, ws));
        });
        workspace.MapDelete("/Workflows/{Sid}", (HttpContext http, string sid) => Deleted(http.Workspace().Engine.DeleteWorkflow(sid)));
    }

    private static WorkflowSettings Settings(QueryParameters form) => new(
        FriendlyName: form.Single("FriendlyName"),
        Configuration: form.Single("Configuration"),
        TaskReservationTimeout: form.Integer("TaskReservationTimeout", 1, TaskRouterEngine.MaxReservationTimeout),
        AssignmentCallbackUrl: form.Single("AssignmentCallbackUrl"),
        FallbackAssignmentCallbackUrl: form.Single("FallbackAssignmentCallbackUrl"),
        ReEvaluateTasks: form.Boolean("ReEvaluateTasks") ?? false);
}
