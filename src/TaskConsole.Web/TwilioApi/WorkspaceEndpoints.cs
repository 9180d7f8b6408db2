using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web.TwilioApi;

/// <summary>Workspaces, Activities, TaskChannels and Events.</summary>
public static class WorkspaceEndpoints
{
    private const string NotManagedHere =
        "Embedded workspaces are configured per company (TaskConsole:Companies); they cannot be created or deleted through this API";

    public static void MapWorkspaces(this RouteGroupBuilder v1)
    {
        v1.MapGet("/Workspaces", (HttpContext http, EmbeddedWorkspaces workspaces, EmbeddedCredentials credentials) =>
        {
            var companyId = http.User.FindFirst(TwilioBasicAuthenticationHandler.CompanyClaim)?.Value;
            var name = http.Request.Query["FriendlyName"].ToString();
            var root = TwilioWorkspaceAccess.Root(http.Request);
            var owned = workspaces.Clients
                .Where(c => c.Company.Id == companyId && (name.Length == 0 || string.Equals(c.Engine.Workspace.FriendlyName, name, StringComparison.OrdinalIgnoreCase)))
                .Select(c => c.Engine)
                .ToList();
            return TwilioPage.Create(http, "workspaces", owned, e => TwilioJson.Workspace(e.Workspace, e.GetActivities(), $"{root}/Workspaces/{e.WorkspaceSid}"));
        });
        v1.MapPost("/Workspaces", () => TwilioResults.Error(StatusCodes.Status403Forbidden, 20403, NotManagedHere));
    }

    public static void MapWorkspace(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("", (HttpContext http) => Workspace(http.Workspace()));
        workspace.MapPost("", async (HttpContext http) =>
        {
            var form = await http.Request.FormAsync();
            var order = form.OneOf("PrioritizeQueueOrder", ["FIFO", "LIFO"]);
            var callback = form.Single("EventCallbackUrl");
            if (callback is { Length: > 0 } && !(Uri.TryCreate(callback, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                form.Errors.Add($"EventCallbackUrl: '{callback}' is not an absolute http or https URL");
            }

            var settings = new WorkspaceSettings(
                FriendlyName: form.Single("FriendlyName"),
                DefaultActivitySid: form.Single("DefaultActivitySid"),
                TimeoutActivitySid: form.Single("TimeoutActivitySid"),
                EventCallbackUrl: callback,
                EventsFilter: form.Single("EventsFilter"),
                MultiTaskEnabled: form.Boolean("MultiTaskEnabled"),
                PrioritizeQueueOrder: order.Count == 0 ? null : order[0] == "LIFO" ? TaskOrder.Lifo : TaskOrder.Fifo);
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            var result = ws.Engine.UpdateWorkspace(settings);
            return result.IsSuccess ? Workspace(ws) : TwilioResults.From(result.Error!);
        });
        workspace.MapDelete("", () => TwilioResults.Error(StatusCodes.Status403Forbidden, 20403, NotManagedHere));
    }

    public static void MapActivities(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/Activities", (HttpContext http) =>
        {
            var ws = http.Workspace();
            var query = new QueryParameters(http.Request.Query);
            var name = query.Single("FriendlyName");
            var available = query.Boolean("Available");
            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            var activities = ws.Engine.GetActivities()
                .Where(a => (name is null || string.Equals(a.FriendlyName, name, StringComparison.OrdinalIgnoreCase)) && (available is null || a.Available == available))
                .ToList();
            return TwilioPage.Create(http, "activities", activities, a => TwilioJson.Activity(a, ws));
        });
        workspace.MapPost("/Activities", async (HttpContext http) =>
        {
            var form = await http.Request.FormAsync();
            var name = form.Single("FriendlyName");
            var available = form.Boolean("Available") ?? true;
            if (name is null)
            {
                form.Errors.Add("FriendlyName: required");
            }

            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.CreateActivity(name!, available), a => TwilioJson.Activity(a, ws), created: true);
        });
        workspace.MapGet("/Activities/{Sid}", (HttpContext http, string sid) =>
        {
            var ws = http.Workspace();
            return ws.Engine.GetActivity(sid) is { } activity ? TwilioResults.Ok(TwilioJson.Activity(activity, ws)) : TwilioResults.NotFound($"Activity {sid} was not found");
        });
        workspace.MapPost("/Activities/{Sid}", async (HttpContext http, string sid) =>
        {
            var form = await http.Request.FormAsync();
            var name = form.Single("FriendlyName");
            var ws = http.Workspace();
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            if (name is null)
            {
                return ws.Engine.GetActivity(sid) is { } unchanged ? TwilioResults.Ok(TwilioJson.Activity(unchanged, ws)) : TwilioResults.NotFound($"Activity {sid} was not found");
            }

            return Answer(ws.Engine.UpdateActivity(sid, name), a => TwilioJson.Activity(a, ws));
        });
        workspace.MapDelete("/Activities/{Sid}", (HttpContext http, string sid) => Deleted(http.Workspace().Engine.DeleteActivity(sid)));
    }

    public static void MapTaskChannels(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/TaskChannels", (HttpContext http) =>
        {
            var ws = http.Workspace();
            return TwilioPage.Create(http, "channels", ws.Engine.GetTaskChannels(), c => TwilioJson.TaskChannel(c, ws));
        });
        workspace.MapPost("/TaskChannels", async (HttpContext http) =>
        {
            var form = await http.Request.FormAsync();
            var name = form.Single("FriendlyName");
            var unique = form.Single("UniqueName");
            var optimized = form.Boolean("ChannelOptimizedRouting");
            if (name is null)
            {
                form.Errors.Add("FriendlyName: required");
            }

            if (unique is null)
            {
                form.Errors.Add("UniqueName: required");
            }

            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            var created = ws.Engine.CreateTaskChannel(unique!, name!);
            if (created.IsSuccess && optimized is not null)
            {
                created = ws.Engine.UpdateTaskChannel(created.Value!.Sid, null, optimized);
            }

            return Answer(created, c => TwilioJson.TaskChannel(c, ws), created: true);
        });
        workspace.MapGet("/TaskChannels/{Sid}", (HttpContext http, string sid) =>
        {
            var ws = http.Workspace();
            var channel = ws.Engine.GetTaskChannels().FirstOrDefault(c => c.Sid == sid || c.UniqueName == sid);
            return channel is null ? TwilioResults.NotFound($"TaskChannel {sid} was not found") : TwilioResults.Ok(TwilioJson.TaskChannel(channel, ws));
        });
        workspace.MapPost("/TaskChannels/{Sid}", async (HttpContext http, string sid) =>
        {
            var form = await http.Request.FormAsync();
            var name = form.Single("FriendlyName");
            var optimized = form.Boolean("ChannelOptimizedRouting");
            if (form.Errors.Count > 0)
            {
                return TwilioResults.Invalid(form.Errors);
            }

            var ws = http.Workspace();
            return Answer(ws.Engine.UpdateTaskChannel(sid, name, optimized), c => TwilioJson.TaskChannel(c, ws));
        });
        workspace.MapDelete("/TaskChannels/{Sid}", (HttpContext http, string sid) => Deleted(http.Workspace().Engine.DeleteTaskChannel(sid)));
    }

    public static void MapEvents(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/Events", (HttpContext http) =>
        {
            var ws = http.Workspace();
            var query = new QueryParameters(http.Request.Query);
            var (start, end) = query.Window(ws.Now);
            var filters = new (string Parameter, Func<TaskRouterEvent, string?> Field)[]
            {
                ("EventType", e => e.EventType),
                ("TaskSid", e => e.TaskSid),
                ("WorkerSid", e => e.WorkerSid),
                ("TaskQueueSid", e => e.TaskQueueSid),
                ("WorkflowSid", e => e.WorkflowSid),
                ("ReservationSid", e => e.ReservationSid),
                ("Sid", e => e.Sid),
            }.Select(f => (f.Field, Value: query.Single(f.Parameter))).Where(f => f.Value is not null).ToList();
            var channel = TaskQueueEndpoints.Channel(ws.Engine, query);
            if (query.Errors.Count > 0)
            {
                return TwilioResults.Invalid(query.Errors);
            }

            var events = ws.Engine.GetEvents(start, end)
                .Where(e => (channel is null || e.TaskChannel == channel) && filters.All(f => f.Field(e) == f.Value))
                .ToList();
            return TwilioPage.Create(http, "events", events, e => TwilioJson.Event(e, ws));
        });
        workspace.MapGet("/Events/{Sid}", (HttpContext http, string sid) =>
        {
            var ws = http.Workspace();
            var found = ws.Engine.GetEvents().FirstOrDefault(e => e.Sid == sid);
            return found is null ? TwilioResults.NotFound($"Event {sid} was not found") : TwilioResults.Ok(TwilioJson.Event(found, ws));
        });
    }

    /// <summary>Answers a command: the resource on success, or Twilio's error for the refusal.</summary>
    public static IResult Answer<T>(TaskRouterResult<T> result, Func<T, object> map, bool created = false, Func<T, string>? etag = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!result.IsSuccess)
        {
            return TwilioResults.From(result.Error!);
        }

        var tag = etag?.Invoke(result.Value!);
        return created ? TwilioResults.Created(map(result.Value!), tag) : TwilioResults.Ok(map(result.Value!), tag);
    }

    public static IResult Deleted<T>(TaskRouterResult<T> result) => result.IsSuccess ? TwilioResults.Deleted() : TwilioResults.From(result.Error!);

    private static IResult Workspace(TwilioWorkspace ws) => TwilioResults.Ok(TwilioJson.Workspace(ws.Engine.Workspace, ws.Engine.GetActivities(), ws.Url));

}
