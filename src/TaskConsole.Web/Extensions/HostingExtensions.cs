using MudBlazor.Services;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components;
using TaskConsole.Web.Events;
using TaskConsole.Web.RealTime;
using TaskConsole.Web.Options;
using TaskConsole.Web.TaskRouter;

namespace Microsoft.AspNetCore.Builder;

public static class HostingExtensions
{
    /// <summary>The <c>TaskConsole</c> options, validated at start-up.</summary>
    public static IHostApplicationBuilder AddTaskConsoleOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TaskConsoleOptions>().BindConfiguration(TaskConsoleOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<TaskConsoleOptions>, ValidateTaskConsoleOptions>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Each company's TaskRouter, chosen once here; the engines open before the server takes requests.</summary>
    public static IHostApplicationBuilder AddTaskRouter(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EmbeddedWorkspaces>();
        builder.Services.AddSingleton(sp => new TaskRouterDirectory(sp.GetRequiredService<EmbeddedWorkspaces>().Clients));
        builder.Services.AddHostedService<SimulatorService>();
        builder.Services.AddSingleton<WaitingHistory>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WaitingHistory>());
        builder.Services.AddHealthChecks().AddCheck<TaskRouterHealthCheck>("taskrouter");
        return builder;
    }

    /// <summary>The event pipeline (validate, de-duplicate, persist, publish) fed by every company's TaskRouter.</summary>
    public static IHostApplicationBuilder AddTaskEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TaskEventBroadcaster>();
        builder.Services.AddSingleton<TaskEventPipeline>();
        builder.Services.AddHostedService<EventIngestionService>();
        builder.Services.AddSignalR();
        builder.Services.AddHostedService<HubRelay>();
        return builder;
    }

    public static IHostApplicationBuilder AddTaskConsoleUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<TaskConsole.Web.Components.Shared.TaskActions>();
        builder.Services.AddSingleton<TaskConsole.Web.Components.Shared.QueueBoards>();
        return builder;
    }

    public static WebApplication MapTaskConsole(this WebApplication app)
    {
        app.UseApiErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapTaskConsoleApi();
        app.MapTwilioApi();
        app.MapSignOut();
        app.MapHub<TaskEventsHub>("/hubs/task-events").RequireAuthorization();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
