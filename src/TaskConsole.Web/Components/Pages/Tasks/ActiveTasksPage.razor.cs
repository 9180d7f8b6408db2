using System.Collections.Frozen;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;
using TaskConsole.Core.TaskRouter;
using MudBlazor;
using TaskConsole.Web.Api;
using TaskConsole.Web.Components.Dialogs;
using TaskConsole.Web.Components.Shared;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Pages.Tasks;

/// <summary>
/// The active tasks of a company, filtered by the same parameters and code as the REST endpoint, page by page, with
/// the filters in the URL under the API's own names so a view can be bookmarked and shared.
/// </summary>
public sealed partial class ActiveTasksPage
{
    private const int PageSize = 50;
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;
    private static readonly string[] Statuses = ["pending", "reserved", "assigned", "wrapping"];

    /// <summary>Each status's hint on the Abandon button, one string shared by every row.</summary>
    private static readonly FrozenDictionary<string, string> AbandonHints = Statuses.ToFrozenDictionary(
        status => status,
        status => CanAbandon(status)
            ? "Abandon: complete as unable to complete and send a copy to someone else"
            : $"Only an accepted task (assigned or wrapping) can be abandoned; this one is {status}",
        StringComparer.Ordinal);

    private static readonly (string Value, string Label)[] SortOptions =
    [
        ("age:desc", "Longest waiting first"),
        ("priority:desc", "Highest priority first"),
        ("dateCreated:desc", "Newest first"),
    ];

    private IReadOnlyList<Company> _companies = [];
    private IReadOnlyList<TaskRow> _rows = [];
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private IReadOnlyCollection<string> _statuses = [];
    private IReadOnlyCollection<string> _taskTypes = [];
    private string _sort = SortOptions[0].Value;
    private string? _companyId;
    private string? _expression;
    private string? _expressionError;
    private string? _problem;
    private int _offset;
    private int _total;
    private bool _canAct;
    private bool _statusListOpen;
    private bool _taskTypeListOpen;
    private System.Security.Claims.ClaimsPrincipal _user = new();

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject]
    private TaskRouterDirectory Directory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TaskActions Actions { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "company")]
    public string? CompanyQuery { get; set; }

    [SupplyParameterFromQuery(Name = "assignmentStatus")]
    public string[]? StatusQuery { get; set; }

    [SupplyParameterFromQuery(Name = "taskType")]
    public string[]? TaskTypeQuery { get; set; }

    [SupplyParameterFromQuery(Name = "sortBy")]
    public string? SortQuery { get; set; }

    [SupplyParameterFromQuery(Name = "taskAttrMatchExpr")]
    public string? ExpressionQuery { get; set; }

    /// <summary>
    /// One row of the table, with all it shows computed once when the page loads, so renders between loads share the
    /// strings. The cells that only display are two pieces of markup whose every value is HTML-encoded, either side of
    /// the age: the age changes on every refresh, and the markup, compared as text, is sent again only when it changed.
    /// </summary>
    public sealed record TaskRow(string Sid, string TaskType, string Status, string Queue, int Priority, long AgeSeconds, string Case, string Worker, string CompanyId)
    {
        public MarkupString LeadingCells { get; } = new(string.Create(CultureInfo.InvariantCulture,
            $"""<td><a href="{Html.Encode($"/tasks/{Sid}?company={Uri.EscapeDataString(CompanyId)}")}" data-link="detail"><code title="{Html.Encode(Sid)}">{Html.Encode(Sid[..Math.Min(10, Sid.Length)])}…</code></a></td><td>{Html.Encode(TaskType)}</td><td><span class="tc-status tc-status-{Html.Encode(Status)}">{Html.Encode(Status)}</span></td><td>{Html.Encode(Queue)}</td><td class="tc-figure">{Priority}</td>"""));

        public string Age { get; } = FormatAge(AgeSeconds);

        public MarkupString TrailingCells { get; } = new($"<td>{Html.Encode(Case)}</td><td>{Html.Encode(Worker)}</td>");

        public string SelectLabel { get; } = $"Select task {Sid}";

        public string AbandonLabel { get; } = $"Abandon task {Sid}";

        public string DeleteLabel { get; } = $"Delete task {Sid}";
    }

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication).User;
        _user = user;
        _companies = Directory.VisibleTo(user);
        _companyId = _companies.Choose(CompanyQuery);
        _statuses = StatusQuery ?? [];
        _taskTypes = TaskTypeQuery ?? [];
        _sort = SortOptions.Any(o => o.Value == SortQuery) ? SortQuery! : _sort;
        _expression = ExpressionQuery;
        ValidateExpression();
        if (_companyId is null)
        {
            return;
        }

        await LoadAsync(Stopping);
        Follow([_companyId]);
    }

    protected override Task ReloadAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>The filters as the REST endpoint's query parameters, so both go through one parser.</summary>
    private Dictionary<string, StringValues> Parameters()
    {
        var parameters = new Dictionary<string, StringValues>(StringComparer.Ordinal)
        {
            ["sortBy"] = _sort,
            ["pageSize"] = PageSize.ToString(CultureInfo.InvariantCulture),
        };
        if (_statuses.Any())
        {
            parameters["assignmentStatus"] = _statuses.ToArray();
        }

        if (_taskTypes.Any())
        {
            parameters["taskType"] = _taskTypes.ToArray();
        }

        if (_expressionError is null && !string.IsNullOrWhiteSpace(_expression))
        {
            parameters["taskAttrMatchExpr"] = _expression;
        }

        return parameters;
    }

    /// <summary>The CSV export of everything these filters match, not only this page.</summary>
    private string ExportUrl()
    {
        var parameters = Parameters();
        parameters.Remove("pageSize");
        return $"/companies/{_companyId}/exports/unterminated-tasks.csv" + QueryString.Create(parameters);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var client = Directory.Find(_companyId!)!;
        _canAct = _user.RoleIn(_companyId!) >= CompanyRole.Supervisor;
        var now = Time.GetUtcNow();
        var query = new QueryParameters(new QueryCollection(Parameters()));
        var page = await UnterminatedTasksApi.ListAsync(client, query, now, cancellationToken, _offset);
        if (page is null)
        {
            _problem = string.Join("; ", query.Errors);
            _rows = [];
            _total = 0;
            return;
        }

        _problem = null;
        _total = page.Total;
        var queues = (await client.GetTaskQueuesAsync(cancellationToken)).ToDictionary(q => q.Sid, q => q.FriendlyName, StringComparer.Ordinal);
        var workers = (await client.GetActiveReservationsAsync(cancellationToken))
            .GroupBy(r => r.TaskSid)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(r => r.ReservationStatus == ReservationStatus.Pending ? $"{r.WorkerName} (offered)" : r.WorkerName)), StringComparer.Ordinal);
        _rows = page.Tasks.Select(task => new TaskRow(
            task.Sid,
            task.AttributesDocument.GetString(CrmVocabulary.TaskTypeKey) ?? "",
            task.AssignmentStatus.ToWire(),
            task.TaskQueueSid is { } queue ? queues.GetValueOrDefault(queue, queue) : "",
            task.Priority,
            task.AgeSeconds(now),
            string.Join(" · ", new[] { task.AttributesDocument.GetString(CrmVocabulary.CaseTypeKey), task.AttributesDocument.GetString(CrmVocabulary.CaseIdKey) }.Where(p => p is not null)),
            workers.GetValueOrDefault(task.Sid, ""),
            _companyId!)).ToList();
    }

    private void ValidateExpression() =>
        _expressionError = string.IsNullOrWhiteSpace(_expression) || TaskRouterExpression.TryParse(_expression, ExpressionScope.Task, out _, out var error)
            ? null
            : error!.Message;

    private Task CompanyChangedAsync(string companyId) => ChangeAsync(() =>
    {
        _companyId = companyId;
        Follow([companyId]);
    });

    private Task StatusesChangedAsync(IReadOnlyCollection<string> values) => ChangeAsync(() => _statuses = values.ToList());

    private Task TaskTypesChangedAsync(IReadOnlyCollection<string> values) => ChangeAsync(() => _taskTypes = values.ToList());

    private Task SortChangedAsync(string value) => ChangeAsync(() => _sort = value);

    private Task ExpressionChangedAsync(string? value) => ChangeAsync(() =>
    {
        _expression = value;
        ValidateExpression();
    });

    private async Task PreviousAsync()
    {
        _offset = Math.Max(0, _offset - PageSize);
        await LoadAsync(Stopping);
    }

    private async Task NextAsync()
    {
        _offset += PageSize;
        await LoadAsync(Stopping);
    }

    /// <summary>A new filter starts again at the first page and is written to the URL.</summary>
    private async Task ChangeAsync(Action change)
    {
        change();
        _offset = 0;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["company"] = _companyId,
            ["assignmentStatus"] = _statuses.Any() ? _statuses.ToArray() : null,
            ["taskType"] = _taskTypes.Any() ? _taskTypes.ToArray() : null,
            ["sortBy"] = _sort,
            ["taskAttrMatchExpr"] = string.IsNullOrWhiteSpace(_expression) ? null : _expression,
        }), replace: true);
        await LoadAsync(Stopping);
    }

    private bool AllOnPageSelected() => _rows.Count > 0 && _rows.All(r => _selected.Contains(r.Sid));

    private void SelectPage(bool selected)
    {
        foreach (var row in _rows)
        {
            Select(row.Sid, selected);
        }
    }

    private void Select(string sid, bool selected)
    {
        if (selected)
        {
            _selected.Add(sid);
        }
        else
        {
            _selected.Remove(sid);
        }
    }

    /// <summary>The selected tasks, across pages, as they are now: those that ended meanwhile are reported by the deletion itself.</summary>
    private async Task DeleteSelectedAsync()
    {
        var client = Directory.Find(_companyId!)!;
        var tasks = new List<(string, string)>();
        foreach (var sid in _selected.Order(StringComparer.Ordinal))
        {
            tasks.Add((sid, (await client.GetTaskAsync(sid, Stopping))?.AssignmentStatus.ToWire() ?? "gone"));
        }

        await BulkDeleteAsync(tasks, "selected");
    }

    /// <summary>Everything the filters match now, not only this page.</summary>
    private async Task DeleteMatchingAsync()
    {
        var client = Directory.Find(_companyId!)!;
        var now = Time.GetUtcNow();
        var filter = UnterminatedTasksApi.ParseQuery(new QueryParameters(new QueryCollection(Parameters())), now);
        var matching = await UnterminatedTasksApi.MatchingAsync(client, filter, Stopping);
        await BulkDeleteAsync(matching.Select(t => (t.Sid, t.AssignmentStatus.ToWire())).ToList(), "matching the filters");
    }

    /// <summary>Confirms with the counts by status and a reason, deletes one by one with progress, shows every result, audits once.</summary>
    private async Task BulkDeleteAsync(IReadOnlyList<(string Sid, string Status)> tasks, string which)
    {
        var client = Directory.Find(_companyId!)!;
        var dialog = await Dialogs.ShowAsync<BulkDeleteDialog>("Delete tasks", new DialogParameters<BulkDeleteDialog>
        {
            { d => d.Tasks, tasks },
            { d => d.DeleteOne, sid => UnterminatedTasksApi.DeleteOneAsync(client, sid, CancellationToken.None) },
            {
                d => d.Finished, (results, reason) =>
                {
                    var (auditResult, summary) = UnterminatedTasksApi.Summarize(results);
                    return Actions.AuditAsync(client, _user, "task.bulk-delete", results.Select(r => r.TaskSid), auditResult, $"from the dashboard, {which}: {reason}; {summary}");
                }
            },
        }, new DialogOptions { BackdropClick = false, CloseOnEscapeKey = false, MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            _selected.Clear();
            await LoadAsync(Stopping);
        }
    }

    private async Task DeleteAsync(TaskRow row)
    {
        await Actions.DeleteAsync(Directory.Find(_companyId!)!, _user, row.Sid, row.TaskType, row.Status);
        await LoadAsync(Stopping);
    }

    private static bool CanAbandon(TaskRow row) => CanAbandon(row.Status);

    private static bool CanAbandon(string status) => status is "assigned" or "wrapping";

    private static string AbandonHint(string status) => AbandonHints[status];

    /// <summary>Completes the task as unable to complete and routes a copy away from its worker, after a confirmation.</summary>
    private async Task AbandonAsync(TaskRow row)
    {
        await Actions.AbandonAsync(Directory.Find(_companyId!)!, _user, row.Sid, row.TaskType, row.Worker);
        await LoadAsync(Stopping);
    }

    private string Range() => _total == 0
        ? "No tasks"
        : string.Create(CultureInfo.CurrentCulture, $"{_offset + 1:N0}–{Math.Min(_offset + PageSize, _total):N0} of {_total:N0} tasks");

    private static string FormatAge(long seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.CurrentCulture, $"{seconds}s"),
        < 3600 => string.Create(CultureInfo.CurrentCulture, $"{seconds / 60}m {seconds % 60:00}s"),
        _ => string.Create(CultureInfo.CurrentCulture, $"{seconds / 3600}h {seconds % 3600 / 60:00}m"),
    };

}
