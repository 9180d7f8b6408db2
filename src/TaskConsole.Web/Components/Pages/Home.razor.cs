using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Security;

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


    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication).User;
        _companies = Directory.VisibleTo(user);
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


    private sealed record CompanyBoard(Company Company, IReadOnlyList<QueueRow> Queues);

    private sealed record QueueRow(string Name, QueueRealTimeStatistics RealTime, QueueCumulativeStatistics Today);
}
