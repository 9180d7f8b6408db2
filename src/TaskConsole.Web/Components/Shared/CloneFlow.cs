using System.Security.Claims;
using MudBlazor;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using TaskConsole.Web.Components.Dialogs;
using TaskConsole.Web.Data;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Shared;

/// <summary>Cloning a terminated task from any page: the confirmation (with the sensitive-case acknowledgement), the clone, the audit record and the outcome.</summary>
public static class CloneFlow
{
    /// <summary>The SID of the new task, or null when the user canceled or the clone was refused (the user is told why).</summary>
    public static async Task<string?> RunAsync(
        IDialogService dialogs, ISnackbar snackbar, IServiceScopeFactory scopes, ITaskRouterClient client, ClaimsPrincipal user, TaskHistoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(scopes);
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
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(
                user.ActorName(), Guid.NewGuid().ToString("N"), client.Company.Id, "task.clone",
                created.IsSuccess ? [record.TaskSid, created.Value!.Sid] : [record.TaskSid], created.IsSuccess ? "cloned" : "refused", created.Error?.Message);
        }

        snackbar.Add(
            created.IsSuccess ? $"Cloned {record.TaskSid} as {created.Value!.Sid}." : $"Not cloned: {created.Error!.Message}",
            created.IsSuccess ? Severity.Success : Severity.Warning);
        return created.Value?.Sid;
    }
}
