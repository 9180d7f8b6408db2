using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Events;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Pages;

/// <summary>
/// Every company's queues with live counts. Committed events (from the in-process broadcaster) only mark the page
/// dirty; a half-second tick re-reads the statistics, so a burst of events costs one render, not one per event.
/// </summary>
public sealed partial class Home
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _subscriptions = [];
    private Task? _refreshLoop;
    private IReadOnlyList<CompanyBoard>? _boards;
    private DateTimeOffset? _staleSince;
    private volatile bool _dirty;
    private int _refreshCount;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    private IReadOnlyList<Company> _companies = [];

    [Inject]
    private TaskRouterDirectory Directory { get; set; } = default!;

    [Inject]
    private TaskEventBroadcaster Broadcaster { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<Home> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication).User;
        _companies = Directory.Companies.Where(c => user.RoleIn(c.Id) is not null).ToList();
        foreach (var company in _companies)
        {
            _subscriptions.Add(Broadcaster.Subscribe(company.Id, _ => _dirty = true));
        }

        _boards = await LoadAsync(_stop.Token);
        _refreshLoop = RefreshLoopAsync(_stop.Token);
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!_dirty)
                {
                    continue;
                }

                _dirty = false;
                _boards = await LoadAsync(cancellationToken);
                _refreshCount++;
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "The queue board stopped refreshing");
            _staleSince ??= Time.GetLocalNow();
            await InvokeAsync(StateHasChanged);
        }
    }

    private async Task<IReadOnlyList<CompanyBoard>> LoadAsync(CancellationToken cancellationToken)
    {
        var boards = new List<CompanyBoard>();
        var now = Time.GetUtcNow();
        foreach (var company in _companies)
        {
            var client = Directory.Find(company.Id)!;
            var queues = await client.GetTaskQueuesAsync(cancellationToken);
            var realTime = (await client.GetQueuesRealTimeStatisticsAsync(cancellationToken)).ToDictionary(s => s.TaskQueueSid);
            var today = await client.GetQueuesCumulativeStatisticsAsync(CompanyCalendar.StartOfToday(now, company.TimeZone), now, [], cancellationToken);
            boards.Add(new CompanyBoard(
                company,
                queues.Select(q => new QueueRow(q.FriendlyName, realTime[q.Sid], today[q.Sid])).ToArray()));
        }

        return boards;
    }

    private static string FormatWait(long seconds) => seconds switch
    {
        0 => "–",
        < 60 => string.Create(CultureInfo.CurrentCulture, $"{seconds}s"),
        < 3600 => string.Create(CultureInfo.CurrentCulture, $"{seconds / 60}m {seconds % 60:00}s"),
        _ => string.Create(CultureInfo.CurrentCulture, $"{seconds / 3600}h {seconds % 3600 / 60:00}m"),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        await _stop.CancelAsync();
        if (_refreshLoop is not null)
        {
            await _refreshLoop;
        }

        _stop.Dispose();
    }

    private sealed record CompanyBoard(Company Company, IReadOnlyList<QueueRow> Queues);

    private sealed record QueueRow(string Name, QueueRealTimeStatistics RealTime, QueueCumulativeStatistics Today);
}
