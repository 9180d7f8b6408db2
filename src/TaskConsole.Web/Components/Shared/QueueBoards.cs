using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Options;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web.Components.Shared;

/// <summary>
/// Each company's queue board, computed once and shared by every open board: fifty wall displays cost one computation
/// a tick, not fifty, as boards ask for data as of the same tick (see <see cref="LivePage"/>). Today's totals, which
/// take a pass over the day's events, are at most two seconds old.
/// </summary>
public sealed class QueueBoards(TaskRouterDirectory directory, IOptions<TaskConsoleOptions> options, WaitingHistory history, TimeProvider time)
{
    private static readonly TimeSpan TodayAge = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The company's board, read at or after <paramref name="asOf"/>: built now unless another page already did.</summary>
    public async Task<CompanyBoard> GetAsync(Company company, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(company);
        var entry = _entries.GetOrAdd(company.Id, _ => new Entry());
        if (entry.Current is { } fresh && fresh.At >= asOf)
        {
            return fresh.Board;
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (entry.Current is { } built && built.At >= asOf)
            {
                return built.Board;
            }

            var now = time.GetUtcNow();
            var client = directory.Find(company.Id)!;
            var settings = options.Value.Board(company.Id);
            if (entry.Today is null || now - entry.TodayAt >= TodayAge)
            {
                entry.Today = await client.GetQueuesCumulativeStatisticsAsync(CompanyCalendar.StartOfToday(now, company.TimeZone), now, settings.Thresholds, cancellationToken);
                entry.TodayAt = now;
            }

            var queues = await client.GetTaskQueuesAsync(cancellationToken);
            var realTime = (await client.GetQueuesRealTimeStatisticsAsync(cancellationToken)).ToDictionary(s => s.TaskQueueSid);
            var workers = await client.GetWorkersAsync(cancellationToken);
            var rows = queues
                .Where(q => realTime.ContainsKey(q.Sid))
                .Select(q => new QueueRow(q.FriendlyName, realTime[q.Sid], entry.Today.GetValueOrDefault(q.Sid) ?? Empty(q.Sid, now, settings), settings))
                .ToArray();
            var board = new CompanyBoard(
                company,
                settings,
                history.For(company.Id),
                rows,
                rows.Sum(r => r.RealTime.TasksByStatus["pending"]),
                rows.Sum(r => r.RealTime.TasksByStatus["reserved"]),
                rows.Sum(r => r.RealTime.TasksByStatus["assigned"]),
                rows.Sum(r => r.RealTime.TasksByStatus["wrapping"]),
                rows.Select(r => r.RealTime.LongestTaskWaitingAge).DefaultIfEmpty(0).Max(),
                workers.Count(w => w.Available),
                workers.Count);
            entry.Current = new BuiltBoard(board, now);
            return board;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Today's figures of a queue created since they were last counted: nothing yet.</summary>
    private static QueueCumulativeStatistics Empty(string queueSid, DateTimeOffset now, BoardOptions settings) => new(
        queueSid, now, now, 0, 0, 0, 0, 0, default, 0, DurationStatistic.Zero, DurationStatistic.Zero, DurationStatistic.Zero,
        settings.Thresholds.ToDictionary(t => t, _ => new WaitTimeBucket(new WaitTimeSplit(0, 0), new WaitTimeSplit(0, 0))));

    private sealed record BuiltBoard(CompanyBoard Board, DateTimeOffset At);

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The latest board with the time its data was read, as one reference: readers outside the gate see both or neither.</summary>
        public volatile BuiltBoard? Current;

        public IReadOnlyDictionary<string, QueueCumulativeStatistics>? Today { get; set; }

        public DateTimeOffset TodayAt { get; set; }
    }
}

public sealed record CompanyBoard(
    Company Company, BoardOptions Settings, IReadOnlyList<WaitingSample> Waited, IReadOnlyList<QueueRow> Queues, int Waiting, int Reserved, int Assigned, int Wrapping, long LongestWait, int AgentsAvailable, int AgentsTotal);

public sealed record QueueRow(string Name, QueueRealTimeStatistics RealTime, QueueCumulativeStatistics Today, BoardOptions Settings)
{
    /// <summary>Tasks wait and nobody who could take them is available: the one thing a supervisor must see at once.</summary>
    public bool Starved => RealTime.TasksByStatus["pending"] > 0 && RealTime.TotalAvailableWorkers == 0;

    /// <summary>Today's share of accepted tasks answered within the service level, or null before any was accepted.</summary>
    public double? ServiceLevelPercent
    {
        get
        {
            var split = Today.SplitByWaitTime[Settings.Thresholds[0]];
            var accepted = split.Below.ReservationsAccepted + split.Above.ReservationsAccepted;
            return accepted == 0 ? null : 100.0 * split.Below.ReservationsAccepted / accepted;
        }
    }

    public string ServiceLevel => ServiceLevelPercent is { } percent ? string.Create(CultureInfo.CurrentCulture, $"{percent:0}%") : "–";

    public string ServiceLevelClass => ServiceLevelPercent < Settings.ServiceLevelTargetPercent ? "tc-critical" : "";
}
