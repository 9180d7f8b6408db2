using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;

namespace TaskConsole.Web.Security;

/// <summary>The company a request is about, resolved once and checked against the caller's access.</summary>
public sealed record CompanyScope(ITaskRouterClient TaskRouter, CompanyRole Role)
{
    private const string ItemKey = "TaskConsole.CompanyScope";

    public Company Company => TaskRouter.Company;

    public static CompanyScope Of(HttpContext context) =>
        context.Items[ItemKey] as CompanyScope ?? throw new InvalidOperationException("The endpoint has no company scope filter.");

    /// <summary>
    /// Resolves <c>{companyId}</c> (route) or <c>companyId</c> (query, for the company-less paths). A company the caller may not
    /// see answers 404 exactly like one that does not exist; too low a role answers 403. Every denial is logged.
    /// </summary>
    public static RouteHandlerBuilder RequireCompanyRole(RouteHandlerBuilder builder, CompanyRole minimum) => builder.AddEndpointFilter(async (invocation, next) =>
    {
        var http = invocation.HttpContext;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("TaskConsole.Access");
        var directory = http.RequestServices.GetRequiredService<TaskRouterDirectory>();
        var companyId = http.Request.RouteValues.TryGetValue("companyId", out var routed) ? routed as string : null;
        if (companyId is null)
        {
            var visible = directory.VisibleTo(http.User);
            companyId = http.Request.Query["companyId"].ToString() is { Length: > 0 } asked ? asked
                : visible.Count == 1 ? visible[0].Id
                : null;
            if (companyId is null)
            {
                return ApiResults.BadRequest(visible.Count == 0
                    ? "companyId: the caller may see no company"
                    : "companyId is required in the query: the caller may see several companies (" + string.Join(", ", visible.Select(c => c.Id)) + ")");
            }
        }

        var client = directory.Find(companyId);
        var role = client is null ? null : http.User.RoleIn(client.Company.Id);
        if (client is null || role is null)
        {
            logger.LogWarning("Denied {Actor}: company {Company} not visible ({Method} {Path})", http.User.ActorName(), companyId, http.Request.Method, http.Request.Path);
            return ApiResults.NotFound($"companyId: company '{companyId}' was not found");
        }

        if (role < minimum)
        {
            logger.LogWarning("Denied {Actor}: {Role} in {Company} may not {Method} {Path}", http.User.ActorName(), role, companyId, http.Request.Method, http.Request.Path);
            return ApiResults.Error(StatusCodes.Status403Forbidden, $"This needs the {minimum.ToString().ToLowerInvariant()} role in {companyId}; the caller is {role.Value.ToString().ToLowerInvariant()}.");
        }

        http.Items[ItemKey] = new CompanyScope(client, role.Value);
        return await next(invocation);
    });
}
