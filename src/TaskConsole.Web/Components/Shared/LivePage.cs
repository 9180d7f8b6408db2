using Microsoft.AspNetCore.Components;
using TaskConsole.Web.Events;

namespace TaskConsole.Web.Components.Shared;

/// <summary>
/// A page that follows its companies' committed events. Events only mark the page dirty; a tick reloads it, so a
/// burst of events costs one render. Ticks fall on whole multiples of <see cref="RefreshInterval"/> of the clock, so
/// every open page of a kind reloads at the same moments and data they share is read once a tick, however many pages
/// are open. When reloading fails the page says since when its data is stale.
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _subscriptions = [];
    private Task? _refreshLoop;
    private volatile bool _dirty;

    [Inject]
    protected TaskEventBroadcaster Broadcaster { get; set; } = default!;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILoggerFactory Loggers { get; set; } = default!;

    /// <summary>When reloading last failed, in local time; null while the page is live.</summary>
    protected DateTimeOffset? StaleSince { get; private set; }

    /// <summary>Canceled when the page goes away.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>How often the page may reload while events arrive.</summary>
    protected virtual TimeSpan RefreshInterval => TimeSpan.FromSeconds(1);

    /// <summary>When set, the page also reloads this often without events, for figures that change with time alone.</summary>
    protected virtual TimeSpan? ReloadAtLeastEvery => null;

    /// <summary>The clock time of the tick being handled: data read at or after it includes every event the page was told of.</summary>
    protected DateTimeOffset TickTime { get; private set; }

    /// <summary>Re-reads the page's data after events arrived.</summary>
    protected abstract Task ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Follows these companies' events from now on, instead of those followed before, and starts the refresh tick.</summary>
    protected void Follow(IEnumerable<string> companyIds)
    {
        ArgumentNullException.ThrowIfNull(companyIds);
        _subscriptions.ForEach(s => s.Dispose());
        _subscriptions.Clear();
        _subscriptions.AddRange(companyIds.Select(id => Broadcaster.Subscribe(id, _ => _dirty = true)));
        _refreshLoop ??= RefreshLoopAsync(_stop.Token);
    }

    /// <summary>
    /// Reloads on each tick after events arrived. A failed reload marks the page stale and is retried on the next tick,
    /// so a passing fault never leaves a wall display frozen.
    /// </summary>
    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        var interval = RefreshInterval.Ticks;
        var lastReload = Time.GetUtcNow();
        try
        {
            while (true)
            {
                var now = Time.GetUtcNow();
                var tick = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % interval) + interval, TimeSpan.Zero);
                await Task.Delay(tick - now, Time, cancellationToken);
                var due = ReloadAtLeastEvery is { } every && tick - lastReload >= every;
                if (!_dirty && StaleSince is null && !due)
                {
                    continue;
                }

                _dirty = false;
                TickTime = tick;
                lastReload = tick;
                try
                {
                    await ReloadAsync(cancellationToken);
                    StaleSince = null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (StaleSince is null)
                    {
                        Loggers.CreateLogger(GetType()).LogError(e, "{Page} could not refresh; it keeps trying", GetType().Name);
                    }

                    StaleSince ??= Time.GetLocalNow();
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscriptions.ForEach(s => s.Dispose());
        await _stop.CancelAsync();
        if (_refreshLoop is not null)
        {
            await _refreshLoop;
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
