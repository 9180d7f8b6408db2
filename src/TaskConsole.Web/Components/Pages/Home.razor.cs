using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Shared;
using TaskConsole.Web.Options;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Pages;

/// <summary>
/// Every company's queues with live counts, re-read within 100 ms of events from the boards all pages share, and every
/// few seconds without events, as waits grow with time alone.
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
    private QueueBoards Boards { get; set; } = default!;

    /// <summary>When set, the board shows this company only.</summary>
    [SupplyParameterFromQuery(Name = "company")]
    public string? CompanyQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication).User;
        var visible = Directory.VisibleTo(user);
        var chosen = visible.Where(c => string.Equals(c.Id, CompanyQuery, StringComparison.OrdinalIgnoreCase)).ToList();
        _companies = chosen.Count > 0 ? chosen : visible;
        _boards = await LoadAsync(Time.GetUtcNow(), Stopping);
        Follow(_companies.Select(c => c.Id));
    }

    /// <summary>Short, so that a change shows within a fraction of a second: the boards' data is shared, not recomputed per page.</summary>
    protected override TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(100);

    protected override TimeSpan? ReloadAtLeastEvery => TimeSpan.FromSeconds(5);

    protected override async Task ReloadAsync(CancellationToken cancellationToken)
    {
        _boards = await LoadAsync(TickTime, cancellationToken);
        _refreshCount++;
    }

    private async Task<IReadOnlyList<CompanyBoard>> LoadAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var boards = new List<CompanyBoard>(_companies.Count);
        foreach (var company in _companies)
        {
            boards.Add(await Boards.GetAsync(company, asOf, cancellationToken));
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
}
