using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using TaskConsole.Web.Data;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Pages.Availability;

/// <summary>
/// Users × the 19 task types. Changes are collected, reviewed, then saved at once through the same code as
/// <c>PUT /twilio/tasktype-availability</c>; each user's workers stop receiving the types switched off.
/// </summary>
public sealed partial class AvailabilityPage
{
    private readonly Dictionary<(string UserId, string TaskType), bool> _pending = [];
    private IReadOnlyList<Company> _companies = [];
    private IReadOnlyList<UserRow> _users = [];
    private Dictionary<string, int> _waiting = [];
    private AvailabilityApi.AvailabilitySnapshot? _snapshot;
    private System.Security.Claims.ClaimsPrincipal _user = new();
    private string? _companyId;
    private string? _search;
    private bool _canEdit;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject]
    private TaskRouterDirectory Directory { get; set; } = default!;

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    public sealed record UserRow(string UserId, string Name);

    protected override async Task OnInitializedAsync()
    {
        _user = (await Authentication).User;
        _companies = Directory.VisibleTo(_user);
        _companyId = _companies.FirstOrDefault()?.Id;
        if (_companyId is not null)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        var client = Directory.Find(_companyId!)!;
        _canEdit = _user.RoleIn(_companyId!) >= CompanyRole.Supervisor;
        await using (var scope = Scopes.CreateAsyncScope())
        {
            _snapshot = await AvailabilityApi.SnapshotAsync(scope.ServiceProvider.GetRequiredService<TaskConsoleDbContext>(), client, CancellationToken.None);
        }

        var names = (await client.GetWorkersAsync()).Where(w => w.AttributesJson.TryGetProperty("userId", out var id) && id.ValueKind == JsonValueKind.String)
            .ToDictionary(w => w.AttributesJson.GetProperty("userId").GetString()!, w => w.FriendlyName, StringComparer.Ordinal);
        _users = _snapshot.AvailableByUserConfig.Keys.Select(id => new UserRow(id, names.GetValueOrDefault(id, "(no worker)"))).ToList();
        _waiting = (await client.GetActiveTasksAsync()).Where(t => t.AssignmentStatus == TaskAssignmentStatus.Pending)
            .GroupBy(t => t.AttributesDocument.GetString(CrmVocabulary.TaskTypeKey) ?? "")
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        _pending.Clear();
    }

    private IEnumerable<UserRow> VisibleUsers() => string.IsNullOrWhiteSpace(_search)
        ? _users
        : _users.Where(u => u.UserId.Contains(_search, StringComparison.OrdinalIgnoreCase) || u.Name.Contains(_search, StringComparison.OrdinalIgnoreCase));

    private bool Saved(string userId, string type) => _snapshot!.AvailableByUserConfig[userId][type];

    private bool Current(string userId, string type) => _pending.TryGetValue((userId, type), out var value) ? value : Saved(userId, type);

    private void Set(string userId, string type, bool available)
    {
        if (available == Saved(userId, type))
        {
            _pending.Remove((userId, type));
        }
        else
        {
            _pending[(userId, type)] = available;
        }
    }

    /// <summary>Switches a whole column for the visible users: on unless every one of them has it on already.</summary>
    private void ToggleColumn(string type)
    {
        var users = VisibleUsers().ToList();
        var value = !users.All(u => Current(u.UserId, type));
        users.ForEach(u => Set(u.UserId, type, value));
    }

    private void ToggleRow(string userId)
    {
        var value = !CrmVocabulary.TaskTypes.All(t => Current(userId, t));
        foreach (var type in CrmVocabulary.TaskTypes)
        {
            Set(userId, type, value);
        }
    }

    private void Discard() => _pending.Clear();

    private async Task ReviewAndSaveAsync()
    {
        var lines = _pending.OrderBy(p => p.Key.UserId, StringComparer.Ordinal).ThenBy(p => p.Key.TaskType, StringComparer.Ordinal)
            .Select(p => $"<li>{System.Net.WebUtility.HtmlEncode(p.Key.UserId)}: {System.Net.WebUtility.HtmlEncode(p.Key.TaskType)} → {(p.Value ? "on" : "off")}</li>");
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Save these changes?", (MarkupString)$"<ul>{string.Join("", lines)}</ul>", yesText: "Save", cancelText: "Keep editing");
        if (confirmed != true)
        {
            return;
        }

        AvailabilityApi.AvailabilityChange outcome;
        await using (var scope = Scopes.CreateAsyncScope())
        {
            outcome = await AvailabilityApi.ApplyAsync(
                scope.ServiceProvider.GetRequiredService<TaskConsoleDbContext>(), Directory.Find(_companyId!)!, scope.ServiceProvider.GetRequiredService<AuditLog>(),
                _user.ActorName(), Guid.NewGuid().ToString("N"), _pending.Select(p => (p.Key.UserId, p.Key.TaskType, p.Value)).ToList(), Time, CancellationToken.None);
        }

        Snackbar.Add(outcome.Problem ?? $"Saved {outcome.Changed.Count} changes.", outcome.Problem is null ? Severity.Success : Severity.Warning);
        await LoadAsync();
    }

    private async Task CompanyChangedAsync(string companyId)
    {
        _companyId = companyId;
        await LoadAsync();
    }
}
