using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Dialogs;
using TaskConsole.Web.Components.Pages.History;
using TaskConsole.Web.Components.Pages.Tasks;
using TaskConsole.Web.Data;

namespace TaskConsole.Web.Components.Pages;

public sealed class TaskDetailPagesTests() : TaskConsoleTestContext(Security.CompanyRole.Supervisor)
{
    private string Route(string skill)
    {
        var queue = Engine.CreateTaskQueue(new TaskQueueSettings($"Queue {skill}", $"skills HAS '{skill}'")).GetValueOrThrow();
        return Engine.CreateWorkflow(new WorkflowSettings($"Flow {skill}", $$$$"""{"task_routing":{"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow().Sid;
    }

    [Fact]
    public void ActiveTask_SaysWhyItWaits_AndFollowsItWhenAWorkerComes()
    {
        using var db = Db();
        var workflow = Route("es");
        Worker("Bo", """{"skills":["es"]}""", activity: "Break");
        var task = Engine.CreateTask(new NewTask("""{"taskType":"reviewVoicemail"}""", WorkflowSid: workflow)).GetValueOrThrow();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"tasks/{task.Sid}?company=acme");

        var page = Render<ActiveTaskPage>(parameters => parameters.Add(p => p.TaskSid, task.Sid));

        page.WaitForAssertion(() => page.Find("[data-field=verdict]").TextContent.ShouldContain("1 workers match the queue, but none is in an available activity (1 Break)"));
        page.Find("[data-field=eligible]").TextContent.ShouldContain("1 Break");
        page.Find("[data-field=status]").TextContent.ShouldBe("pending");
        page.Find("[data-action=abandon]").HasAttribute("disabled").ShouldBeTrue("only an accepted task can be abandoned");

        var ana = Worker("Ana", """{"skills":["es"]}""");
        Broadcaster.Publish("acme", Engine.GetEvents().Where(e => e.WorkerSid == ana.Sid).ToList());
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => page.Find("[data-field=verdict]").TextContent.ShouldContain("Offered to Ana"));
        page.Find("[data-field=status]").TextContent.ShouldBe("reserved");
    }

    [Fact]
    public async Task TerminatedTask_ShowsItsRecordAndLifecycle_WithLinksBetweenCloneAndOriginal()
    {
        await using var db = Db();
        var start = Clock.GetUtcNow();
        db.TaskHistory.AddRange(
            Record("WT" + new string('a', 32), start, clonedFrom: null),
            Record("WT" + new string('b', 32), start.AddMinutes(5), clonedFrom: "WT" + new string('a', 32)));
        db.TaskTimeline.AddRange(
            Entry("WT" + new string('a', 32), "task.created", start, "Task created"),
            Entry("WT" + new string('a', 32), "reservation.accepted", start.AddSeconds(12), "Reservation accepted by Ana"),
            Entry("WT" + new string('a', 32), "task.completed", start.AddMinutes(3), "Task completed"));
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"history/WT{new string('a', 32)}?company=acme");

        var page = Render<TerminatedTaskPage>(parameters => parameters.Add(p => p.TaskHistoryId, "WT" + new string('a', 32)));

        page.WaitForAssertion(() => page.FindAll("[data-event]").Count.ShouldBe(3));
        page.Find("[data-event='reservation.accepted']").TextContent.ShouldContain("+12s");
        page.Find("[data-field=outcome]").TextContent.ShouldBe("completed");
        page.Find("[data-field=clones] a").GetAttribute("href").ShouldBe($"/history/WT{new string('b', 32)}?company=acme");
        page.Find("[data-field=attributes]").TextContent.ShouldContain("\"caseId\": \"CS-7\"");
        page.Find("[data-action=clone]").ShouldNotBeNull();
    }

    [Fact]
    public void BulkDeleteDialog_CountsByStatus_WantsAReason_AndReportsEveryResult()
    {
        var results = new List<Api.UnterminatedTasksApi.DeletionResult>();
        string? reason = null;
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var service = Services.GetRequiredService<MudBlazor.IDialogService>();
        var shown = dialogs.InvokeAsync(() => service.ShowAsync<BulkDeleteDialog>("Delete tasks", new MudBlazor.DialogParameters<BulkDeleteDialog>
        {
            { d => d.Tasks, new List<(string, string)> { ("WT1", "pending"), ("WT2", "pending"), ("WT3", "assigned") } },
            { d => d.DeleteOne, sid => Task.FromResult(new Api.UnterminatedTasksApi.DeletionResult(sid, sid == "WT2" ? "alreadyTerminated" : "deleted", "because")) },
            { d => d.Finished, (all, why) => { results.AddRange(all); reason = why; return Task.CompletedTask; } },
        }));

        dialogs.WaitForAssertion(() => dialogs.Find("[data-status=pending]").TextContent.ShouldContain("2"));
        dialogs.Find("[data-status=assigned]").TextContent.ShouldContain("1");
        dialogs.Markup.ShouldContain("their agents lose them");
        dialogs.Find("[data-action=confirm-bulk-delete]").HasAttribute("disabled").ShouldBeTrue("no reason yet");
        dialogs.Find("[data-field=reason]").Input("Raised twice");
        dialogs.WaitForAssertion(() => dialogs.Find("[data-action=confirm-bulk-delete]").HasAttribute("disabled").ShouldBeFalse());
        dialogs.Find("[data-action=confirm-bulk-delete]").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-field=summary]").TextContent.ShouldBe("1 alreadyTerminated, 2 deleted"));
        dialogs.Find("[data-result=alreadyTerminated]").TextContent.ShouldContain("WT2");
        results.Count.ShouldBe(3);
        reason.ShouldBe("Raised twice");
        shown.IsCompleted.ShouldBeTrue();
    }

    private static TaskHistoryRecord Record(string sid, DateTimeOffset created, string? clonedFrom) => new()
    {
        CompanyId = "acme",
        TaskSid = sid,
        Outcome = "completed",
        Reason = "resolved",
        EndedBy = "task.completed",
        Attributes = """{"taskType":"reviewVoicemail","caseId":"CS-7"}""",
        TaskType = "reviewVoicemail",
        CaseId = "CS-7",
        CreatedAt = created,
        AssignedAt = created.AddSeconds(12),
        TerminatedAt = created.AddMinutes(3),
        WaitSeconds = 12,
        HandleSeconds = 168,
        LastWorkerName = "Ana",
        ClonedFromTaskSid = clonedFrom,
    };

    private static TaskTimelineEntry Entry(string sid, string type, DateTimeOffset at, string description) => new()
    {
        CompanyId = "acme",
        TaskSid = sid,
        EventSid = "EV" + Guid.NewGuid().ToString("N"),
        EventType = type,
        Description = description,
        Timestamp = at,
    };
}
