using Microsoft.AspNetCore.Authorization;
using TaskConsole.Web.TaskRouter;
using TaskConsole.Web.TwilioApi;

namespace Microsoft.AspNetCore.Builder;

public static class TwilioApiExtensions
{
    /// <summary>Twilio's TaskRouter v1 REST API for embedded companies, authenticated with each company's account SID and auth token.</summary>
    public static IHostApplicationBuilder AddTwilioApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EmbeddedCredentials>();
        builder.Services.AddAuthentication().AddScheme<Authentication.AuthenticationSchemeOptions, TwilioBasicAuthenticationHandler>(TwilioBasicAuthenticationHandler.SchemeName, null);
        builder.Services.AddHttpClient(EventCallbackDelivery.HttpClientName, client => client.Timeout = EventCallbackDelivery.ReceiverTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        builder.Services.AddHostedService<EventCallbackDelivery>();
        builder.Services.AddHostedService<AssignmentCallbacks>();
        return builder;
    }

    public static WebApplication MapTwilioApi(this WebApplication app)
    {
        var policy = new AuthorizationPolicyBuilder(TwilioBasicAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
        var v1 = app.MapGroup("/v1").RequireAuthorization(policy).RequireRateLimiting(ApiExtensions.RateLimitPolicy).DisableAntiforgery().ExcludeFromDescription();
        v1.MapWorkspaces();

        var workspace = v1.MapGroup("/Workspaces/{WorkspaceSid}").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var companyId = http.User.FindFirst(TwilioBasicAuthenticationHandler.CompanyClaim)?.Value;
            var sid = http.GetRouteValue("WorkspaceSid") as string;
            var client = http.RequestServices.GetRequiredService<EmbeddedWorkspaces>().Clients
                .FirstOrDefault(c => c.Company.Id == companyId && c.Engine.WorkspaceSid == sid);
            var credential = client is null ? null : await http.RequestServices.GetRequiredService<EmbeddedCredentials>().GetAsync(client.Company.Id, http.RequestAborted);
            if (client is null || credential is null)
            {
                // Another company's workspace is indistinguishable from one that does not exist.
                return TwilioResults.NotFound($"Workspace {sid} was not found");
            }

            http.Features.Set(new TwilioWorkspace(client, credential, TwilioWorkspaceAccess.Root(http.Request)));
            return await next(context);
        });
        workspace.MapWorkspace();
        workspace.MapStatistics();
        workspace.MapActivities();
        workspace.MapTaskChannels();
        workspace.MapEvents();
        workspace.MapWorkers();
        workspace.MapTaskQueues();
        workspace.MapWorkflows();
        workspace.MapTasks();
        v1.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete], (string path) =>
            TwilioResults.NotFound($"/v1/{path} is not a TaskRouter resource served here"));
        return app;
    }
}
