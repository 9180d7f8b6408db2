using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using TaskConsole.Core.Domain;
using Microsoft.Extensions.Options;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Options;
using TaskConsole.Web.Security;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web.Components.Pages;

/// <summary>
/// Every company's queues with live counts, re-read at most twice a second while events arrive.
/// </summary>
public sealed partial class Home
{
    private IReadOnlyList<CompanyBoard>? _boards;
    private int _refreshCount;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    private IReadOnlyList<Company> _companies = [];

    [Inject]
    private TaskRouterDirectory Directory { get; set; } = default!;

    [Inject]
    private IOptions<TaskConsoleOptions> Options { get; set; } = default!;

    [Inject]
    private WaitingHistory History { get; set; } = default!;

    /// <summary>When set, the board shows this company only.</summary>
    [SupplyParameterFromQuery(Name = "company")]
    public string? CompanyQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication).User;
        var visible = Directory.VisibleTo(user);
        var chosen = visible.Where(c => string.Equals(c.Id, CompanyQuery, StringComparison.OrdinalIgnoreCase)).ToList();
        _companies = chosen.Count > 0 ? chosen : visible;
        _boards = await LoadAsync(Stopping);
        Follow(_companies.Select(c => c.Id));
    }

    protected override TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(500);

    protected override async Task ReloadAsync(CancellationToken cancellationToken)
    {
        _boards = await LoadAsync(cancellationToken);
        _refreshCount++;
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
            var board = Options.Value.Board(company.Id);
            var today = await client.GetQueuesCumulativeStatisticsAsync(CompanyCalendar.StartOfToday(now, company.TimeZone), now, board.Thresholds, cancellationToken);
            var workers = await client.GetWorkersAsync(cancellationToken);
            var rows = queues.Select(q => new QueueRow(q.FriendlyName, realTime[q.Sid], today[q.Sid], board)).ToArray();
            boards.Add(new CompanyBoard(
                company,
                board,
                History.For(company.Id),
                rows,
                rows.Sum(r => r.RealTime.TasksByStatus["pending"]),
                rows.Sum(r => r.RealTime.TasksByStatus["reserved"]),
                rows.Sum(r => r.RealTime.TasksByStatus["assigned"]),
                rows.Sum(r => r.RealTime.TasksByStatus["wrapping"]),
                rows.Select(r => r.RealTime.LongestTaskWaitingAge).DefaultIfEmpty(0).Max(),
                workers.Count(w => w.Available),
                workers.Count));
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

    /// <summary>The class that colours a wait past the company's thresholds.</summary>
    private static string WaitClass(long seconds, BoardOptions board) =>
        seconds >= board.WaitCriticalSeconds ? "tc-critical" : seconds >= board.WaitWarningSeconds ? "tc-warning" : "";

    private sealed record CompanyBoard(
        Company Company, BoardOptions Settings, IReadOnlyList<WaitingSample> Waited, IReadOnlyList<QueueRow> Queues, int Waiting, int Reserved, int Assigned, int Wrapping, long LongestWait, int AgentsAvailable, int AgentsTotal);

    private sealed record QueueRow(string Name, QueueRealTimeStatistics RealTime, QueueCumulativeStatistics Today, BoardOptions Settings)
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
}
