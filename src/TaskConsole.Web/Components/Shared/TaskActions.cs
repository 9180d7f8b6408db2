using System.Security.Claims;
using MudBlazor;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using TaskConsole.Web.Components.Dialogs;
using TaskConsole.Web.Data;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Shared;

/// <summary>
/// Deleting and abandoning an active task, and cloning a terminated one, from any page: the confirmation, the guarded
/// transition (a task that ended meanwhile is reported, not hidden), the audit record, and what the user is told.
/// </summary>
public sealed class TaskActions(IDialogService dialogs, ISnackbar snackbar, IServiceScopeFactory scopes)
{
    /// <summary>Whether the task was deleted.</summary>
    public async Task<bool> DeleteAsync(ITaskRouterClient client, ClaimsPrincipal user, string taskSid, string taskType, string status)
    {
        ArgumentNullException.ThrowIfNull(client);
        var dialog = await dialogs.ShowAsync<DeleteTaskDialog>("Delete task", new DialogParameters<DeleteTaskDialog>
        {
            { d => d.TaskSid, taskSid },
            { d => d.TaskType, taskType },
            { d => d.Status, status },
        });
        if (await dialog.Result is not { Canceled: false, Data: string reason })
        {
            return false;
        }

        var deleted = await client.DeleteTaskAsync(taskSid, CancellationToken.None);
        await AuditAsync(client, user, "task.delete", [taskSid], deleted.IsSuccess ? "deleted" : "failed", deleted.IsSuccess ? $"from the dashboard: {reason}" : deleted.Error!.Message);
        snackbar.Add(
            deleted.IsSuccess ? $"Deleted task {taskSid}." : $"Task {taskSid} was not deleted: {deleted.Error!.Message}",
            deleted.IsSuccess ? Severity.Success : Severity.Warning);
        return deleted.IsSuccess;
    }

    /// <summary>The SID of the copy that replaces the abandoned task, or null when the user canceled or it was refused.</summary>
    public async Task<string?> AbandonAsync(ITaskRouterClient client, ClaimsPrincipal user, string taskSid, string taskType, string worker)
    {
        ArgumentNullException.ThrowIfNull(client);
        var confirmed = await dialogs.ShowMessageBoxAsync(
            "Abandon task?",
            $"{taskType} ({taskSid}) is completed as unable to complete, and a copy goes back to the queue for another worker than {worker}.",
            yesText: "Abandon",
            cancelText: "Keep the task");
        if (confirmed != true)
        {
            return null;
        }

        var outcome = await UnterminatedTasksApi.AbandonAsync(client, taskSid, CancellationToken.None);
        await AuditAsync(client, user, "task.abandon", outcome.Duplicate is { } copy ? [taskSid, copy.Sid] : [taskSid], outcome.AuditResult, outcome.Problem);
        snackbar.Add(
            outcome.Duplicate is { } duplicate ? $"Abandoned {taskSid}; {duplicate.Sid} replaces it." : outcome.Problem!,
            outcome.Duplicate is null ? Severity.Warning : Severity.Success);
        return outcome.Duplicate?.Sid;
    }

    /// <summary>
    /// Clones a terminated task after a confirmation, with an explicit acknowledgement when its case type is sensitive.
    /// The SID of the new task, or null when the user canceled or the clone was refused.
    /// </summary>
    public async Task<string?> CloneAsync(ITaskRouterClient client, ClaimsPrincipal user, TaskHistoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(record);
        var dialog = await dialogs.ShowAsync<CloneTaskDialog>("Clone task", new DialogParameters<CloneTaskDialog>
        {
            { d => d.TaskSid, record.TaskSid },
            { d => d.TaskType, record.TaskType ?? "" },
            { d => d.CaseType, record.CaseType },
        });
        if (await dialog.Result is not { Canceled: false })
        {
            return null;
        }

        var created = await TerminatedTasksApi.CloneAsync(client, record, CancellationToken.None);
        await AuditAsync(client, user, "task.clone", created.IsSuccess ? [record.TaskSid, created.Value!.Sid] : [record.TaskSid], created.IsSuccess ? "cloned" : "refused", created.Error?.Message);
        snackbar.Add(
            created.IsSuccess ? $"Cloned {record.TaskSid} as {created.Value!.Sid}." : $"Not cloned: {created.Error!.Message}",
            created.IsSuccess ? Severity.Success : Severity.Warning);
        return created.Value?.Sid;
    }

    public async Task AuditAsync(ITaskRouterClient client, ClaimsPrincipal user, string action, IEnumerable<string> targets, string result, string? detail)
    {
        ArgumentNullException.ThrowIfNull(client);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(user.ActorName(), Guid.NewGuid().ToString("N"), client.Company.Id, action, targets, result, detail);
    }
}
