using Bunit;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Pages.History;
using TaskConsole.Web.Data;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Pages;

public sealed class TerminatedTasksPageTests() : TaskConsoleTestContext(CompanyRole.Supervisor)
{
    [Fact]
    public void Clone_OfASensitiveCase_NeedsAnAcknowledgement()
    {
        var queue = Engine.CreateTaskQueue(new TaskQueueSettings("Q", "1==1")).GetValueOrThrow();
        var workflow = Engine.CreateWorkflow(new WorkflowSettings("Flow", $$$$"""{"task_routing":{"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow();
        using var db = Db();
        db.TaskHistory.Add(Record("WT00000000000000000000000000000001", "completed", "collection", workflow.Sid));
        db.TaskHistory.Add(Record("WT00000000000000000000000000000002", "canceled", "bankruptcy", workflow.Sid));
        db.SaveChanges();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<TerminatedTasksPage>();
        page.WaitForAssertion(() => page.FindAll("tr[data-history]").Count.ShouldBe(2));

        page.Find("tr[data-history=WT00000000000000000000000000000002] [data-action=clone]").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("bankruptcy"));
        dialogs.Find("[data-action=confirm-clone]").HasAttribute("disabled").ShouldBeTrue("the sensitive case is not acknowledged yet");
        dialogs.Find("input[type=checkbox]").Change(true);
        dialogs.WaitForAssertion(() => dialogs.Find("[data-action=confirm-clone]").HasAttribute("disabled").ShouldBeFalse());
        dialogs.Find("[data-action=confirm-clone]").Click();

        page.WaitForAssertion(() => Engine.GetTasks().ShouldContain(t => t.AttributesDocument.GetString("clonedFromTaskSid") == "WT00000000000000000000000000000002"));
        db.AuditLog.Single().Action.ShouldBe("task.clone");
    }

    private TaskHistoryRecord Record(string sid, string outcome, string caseType, string workflowSid) => new()
    {
        CompanyId = "acme",
        TaskSid = sid,
        Outcome = outcome,
        EndedBy = outcome == "completed" ? EventTypes.TaskCompleted : EventTypes.TaskCanceled,
        Attributes = $$"""{"taskType":"reviewSnoozedCase","caseType":"{{caseType}}","caseId":"CS-{{sid[^1]}}"}""",
        TaskType = "reviewSnoozedCase",
        CaseType = caseType,
        CaseId = $"CS-{sid[^1]}",
        WorkflowSid = workflowSid,
        TaskChannel = "default",
        CreatedAt = Clock.GetUtcNow().AddMinutes(-10),
        TerminatedAt = Clock.GetUtcNow(),
        WaitSeconds = 30,
    };
}
