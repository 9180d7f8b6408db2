using System.Collections.Concurrent;
using System.Collections.Immutable;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.TaskRouter;

/// <summary>
/// How many tasks waited in each company over the last hour, sampled every 30 seconds through the TaskRouter port, for
/// the queue board's chart. It starts when the app starts: after a restart the chart fills up again.
/// </summary>
public sealed class WaitingHistory(TaskRouterDirectory directory, TimeProvider time, ILogger<WaitingHistory> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, ImmutableList<WaitingSample>> _samples = new(StringComparer.Ordinal);

    /// <summary>The company's samples of the last hour, oldest first.</summary>
    public IReadOnlyList<WaitingSample> For(string companyId) => _samples.GetValueOrDefault(companyId) ?? [];

    /// <summary>Takes one sample of every company now.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var company in directory.Companies)
        {
            try
            {
                var waiting = (await directory.Find(company.Id)!.GetQueuesRealTimeStatisticsAsync(cancellationToken)).Sum(q => q.TasksByStatus["pending"]);
                _samples.AddOrUpdate(
                    company.Id,
                    _ => [new WaitingSample(now, waiting)],
                    (_, samples) => samples.RemoveAll(s => s.At < now - Window).Add(new WaitingSample(now, waiting)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not sample the waiting tasks of {Company}", company.Id);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await SampleAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

public sealed record WaitingSample(DateTimeOffset At, int Waiting);
