using Microsoft.AspNetCore.SignalR;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.RealTime;

/// <summary>What a hub client receives for every TaskRouter event of a company it may see.</summary>
public sealed record TaskEventMessage(
    string Company,
    string EventType,
    string EventSid,
    string ResourceType,
    string ResourceSid,
    string? TaskSid,
    string? WorkerSid,
    string? TaskQueueSid,
    string? TaskStatus,
    long TimestampMs);

public interface ITaskEventsClient
{
    Task TaskEvent(TaskEventMessage message);
}

/// <summary>
/// <c>/hubs/task-events</c> for wallboards and scripts. Callers authenticate like the REST API (API key header, or a
/// bearer token, also as <c>access_token</c> in the query for browsers) and join the group of every company they may see.
/// </summary>
public sealed class TaskEventsHub(TaskRouterDirectory directory) : Hub<ITaskEventsClient>
{
    public static string Group(string companyId) => "company:" + companyId.ToLowerInvariant();

    public override async Task OnConnectedAsync()
    {
        foreach (var company in Context.User is { } user ? directory.VisibleTo(user) : [])
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Group(company.Id));
        }

        await base.OnConnectedAsync();
    }
}

/// <summary>Relays every company's committed events from the in-process broadcaster to the hub's company groups.</summary>
public sealed class HubRelay(TaskRouterDirectory directory, Events.TaskEventBroadcaster broadcaster, IHubContext<TaskEventsHub, ITaskEventsClient> hub, ILogger<HubRelay> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscriptions = directory.Companies.Select(company => broadcaster.Subscribe(company.Id, evt =>
        {
            var message = new TaskEventMessage(
                company.Id, evt.EventType, evt.Sid, evt.ResourceType, evt.ResourceSid, evt.TaskSid, evt.WorkerSid, evt.TaskQueueSid, evt.TaskStatus, evt.TimestampMs);
            // Fire and forget: a slow or broken client connection must not hold up the pipeline.
            _ = hub.Clients.Group(TaskEventsHub.Group(company.Id)).TaskEvent(message).ContinueWith(
                t => logger.LogWarning(t.Exception, "Sending {EventType} to {Company}'s hub clients failed", evt.EventType, company.Id),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        })).ToList();
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }
}
