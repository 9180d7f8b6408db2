using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Pages.Workers;

/// <summary>
/// Every worker of a company, virtualized so 10,000 rows stay smooth: activity and time in it, current tasks,
/// queues, skills and today's figures, with search and filters kept in the URL; live.
/// </summary>
public sealed partial class WorkersPage
{
    private IReadOnlyList<Company> _companies = [];
    private IReadOnlyList<WorkerRow> _rows = [];
    private List<WorkerRow> _visible = [];
    private IReadOnlyList<string> _activities = [];
    private IReadOnlyList<string> _queueNames = [];
    private string? _companyId;
    private string? _search;
    private string? _activity;
    private string? _queue;
    private string? _expression;
    private string? _expressionError;
    private string _timeZone = "";

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject]
    private TaskRouterDirectory Directory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "company")]
    public string? CompanyQuery { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? SearchQuery { get; set; }

    [SupplyParameterFromQuery(Name = "activity")]
    public string? ActivityQuery { get; set; }

    [SupplyParameterFromQuery(Name = "queue")]
    public string? QueueQuery { get; set; }

    [SupplyParameterFromQuery(Name = "expr")]
    public string? ExpressionQuery { get; set; }

    /// <summary>One row of the grid.</summary>
    public sealed record WorkerRow(
        string Sid, string Name, string Activity, bool Available, TimeSpan InActivity, int CurrentTasks, string Queues, string Skills, string Team,
        int CompletedToday, int AcceptedToday, int RejectedToday, AttributeDocument Attributes, WorkerFields Fields, IReadOnlySet<string> QueueNames);

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication).User;
        _companies = Directory.VisibleTo(user);
        _companyId = _companies.Choose(CompanyQuery);
        (_search, _activity, _queue, _expression) = (SearchQuery, ActivityQuery, QueueQuery, ExpressionQuery);
        ValidateExpression();
        if (_companyId is null)
        {
            return;
        }

        await LoadAsync(Stopping);
        Follow([_companyId]);
    }

    protected override Task ReloadAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var client = Directory.Find(_companyId!)!;
        var now = Time.GetUtcNow();
        var workers = await client.GetWorkersAsync(cancellationToken);
        var queues = await client.GetTaskQueuesAsync(cancellationToken);
        var load = (await client.GetActiveReservationsAsync(cancellationToken)).GroupBy(r => r.WorkerSid).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var stats = await client.GetWorkersCumulativeStatisticsAsync(CompanyCalendar.StartOfToday(now, client.Company.TimeZone), now, cancellationToken);
        var queueExpressions = queues.Select(q => (q.FriendlyName, Expression: TaskRouterExpression.TryParse(q.TargetWorkers, ExpressionScope.Worker, out var e, out _) ? e : null)).ToList();
        _rows = workers.OrderBy(w => w.FriendlyName, StringComparer.CurrentCultureIgnoreCase).Select(worker =>
        {
            var fields = new WorkerFields(worker.Sid, worker.FriendlyName, worker.ActivitySid, worker.ActivityName);
            var context = ExpressionContext.ForWorker(worker.AttributesDocument, fields, now);
            var memberOf = queueExpressions.Where(q => q.Expression?.Evaluate(context) == true).Select(q => q.FriendlyName).ToHashSet(StringComparer.Ordinal);
            var today = stats.GetValueOrDefault(worker.Sid);
            return new WorkerRow(
                worker.Sid,
                worker.FriendlyName,
                worker.ActivityName,
                worker.Available,
                now - worker.DateStatusChanged,
                load.GetValueOrDefault(worker.Sid),
                string.Join(", ", memberOf.Order(StringComparer.CurrentCulture)),
                List(worker.AttributesJson, "skills"),
                worker.AttributesJson.TryGetProperty("team", out var team) && team.ValueKind == JsonValueKind.String ? team.GetString()! : "",
                today?.TasksCompleted ?? 0,
                today?.Reservations.Accepted ?? 0,
                (today?.Reservations.Rejected ?? 0) + (today?.Reservations.TimedOut ?? 0),
                worker.AttributesDocument,
                fields,
                memberOf);
        }).ToList();
        _activities = (await client.GetActivitiesAsync(cancellationToken)).Select(a => a.FriendlyName).ToList();
        _queueNames = queues.Select(q => q.FriendlyName).ToList();
        _timeZone = client.Company.TimeZone.Id;
        ApplyFilters();
    }

    private void ApplyFilters()
    {
        var expression = _expressionError is null && !string.IsNullOrWhiteSpace(_expression)
            ? TaskRouterExpression.Parse(_expression, ExpressionScope.Worker)
            : null;
        var now = Time.GetUtcNow();
        _visible = _rows.Where(row =>
                (string.IsNullOrWhiteSpace(_search)
                    || row.Name.Contains(_search, StringComparison.CurrentCultureIgnoreCase)
                    || row.Skills.Contains(_search, StringComparison.CurrentCultureIgnoreCase)
                    || row.Team.Contains(_search, StringComparison.CurrentCultureIgnoreCase))
                && (_activity is null || row.Activity == _activity)
                && (_queue is null || row.QueueNames.Contains(_queue))
                && (expression is null || expression.Evaluate(ExpressionContext.ForWorker(row.Attributes, row.Fields, now))))
            .ToList();
    }

    private void ValidateExpression()
    {
        _expressionError = string.IsNullOrWhiteSpace(_expression) || TaskRouterExpression.TryParse(_expression, ExpressionScope.Worker, out _, out var error)
            ? null
            : error!.Message;
    }

    private async Task CompanyChangedAsync(string companyId)
    {
        _companyId = companyId;
        (_activity, _queue) = (null, null);
        await LoadAsync(Stopping);
        Follow([companyId]);
        KeepInUrl();
    }

    private void SearchChanged(string? value) => Filter(() => _search = value);

    private void ActivityChanged(string? value) => Filter(() => _activity = value);

    private void QueueChanged(string? value) => Filter(() => _queue = value);

    private void ExpressionChanged(string? value) => Filter(() =>
    {
        _expression = value;
        ValidateExpression();
    });

    private void Filter(Action change)
    {
        change();
        ApplyFilters();
        KeepInUrl();
    }

    /// <summary>The filters live in the URL, so a view can be bookmarked and shared.</summary>
    private void KeepInUrl() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["company"] = _companyId,
        ["q"] = string.IsNullOrWhiteSpace(_search) ? null : _search,
        ["activity"] = _activity,
        ["queue"] = _queue,
        ["expr"] = string.IsNullOrWhiteSpace(_expression) ? null : _expression,
    }), replace: true);

    private static string List(JsonElement attributes, string key) =>
        attributes.TryGetProperty(key, out var values) && values.ValueKind == JsonValueKind.Array
            ? string.Join(", ", values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()))
            : "";

    private static string FormatDuration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.CurrentCulture, $"{(int)span.TotalHours}h {span.Minutes:00}m")
        : string.Create(CultureInfo.CurrentCulture, $"{span.Minutes}m {span.Seconds:00}s");

}
