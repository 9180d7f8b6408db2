using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Pages.Tasks;

namespace TaskConsole.Web.Components.Pages;

public sealed class ActiveTasksPageTests : TaskConsoleTestContext
{
    public ActiveTasksPageTests()
    {
        var queue = Engine.CreateTaskQueue(new TaskQueueSettings("Case review", "1==1")).GetValueOrThrow();
        Engine.CreateWorkflow(new WorkflowSettings("Flow", $$$$"""{"task_routing":{"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow();
        Worker("Ana", "{}");
        Engine.CreateTask(new NewTask("""{"taskType":"reviewVoicemail","language":"es","caseType":"bankruptcy","caseId":"CS-1"}""", Priority: 5)).GetValueOrThrow();
        Clock.Advance(TimeSpan.FromSeconds(30));
        Engine.CreateTask(new NewTask("""{"taskType":"replyToNewText","language":"en"}""")).GetValueOrThrow();
        Engine.CreateTask(new NewTask("""{"taskType":"replyToNewText","language":"es"}""")).GetValueOrThrow();
    }

    [Fact]
    public void Render_ListsTheTasksLongestWaitingFirst_WithTheirWorker()
    {
        var page = Render<ActiveTasksPage>();

        page.WaitForAssertion(() => page.Find("[data-total]").GetAttribute("data-total").ShouldBe("3"));
        var rows = page.FindAll("tr[data-task]");
        rows[0].TextContent.ShouldContain("reviewVoicemail");
        rows[0].TextContent.ShouldContain("bankruptcy · CS-1");
        rows[0].TextContent.ShouldContain("Ana (offered)");
        page.Markup.ShouldContain("1–3 of 3 tasks");
    }

    [Fact]
    public void FiltersFromTheUrl_GoThroughTheApisParser()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("tasks?taskType=replyToNewText&taskAttrMatchExpr=language%20%3D%3D%20%27es%27");

        var page = Render<ActiveTasksPage>();

        page.WaitForAssertion(() => page.Find("[data-total]").GetAttribute("data-total").ShouldBe("1"));
        page.Find("tr[data-task]").TextContent.ShouldContain("replyToNewText");
    }

    [Fact]
    public void BrokenExpression_SaysWhereAndFiltersNothing()
    {
        var page = Render<ActiveTasksPage>();
        page.WaitForAssertion(() => page.Find("[data-total]").GetAttribute("data-total").ShouldBe("3"));

        page.Find("input[data-filter=expression]").Input("language IN");
        Clock.Advance(TimeSpan.FromMilliseconds(400));

        page.WaitForAssertion(() => page.Markup.ShouldContain("expected a value after IN at column 12"));
        page.Find("[data-total]").GetAttribute("data-total").ShouldBe("3");
    }

    [Fact]
    public void AttributeValues_AreShownAsText_NeverAsMarkup()
    {
        var hostile = Engine.CreateTask(new NewTask("""{"taskType":"reviewVoicemail","caseType":"<b>bold</b>","caseId":"<img src=x onerror=alert(1)>"}""", Priority: 9)).GetValueOrThrow();
        Services.GetRequiredService<NavigationManager>().NavigateTo("tasks?sortBy=priority:desc");

        var page = Render<ActiveTasksPage>();

        page.WaitForAssertion(() => page.Find("[data-total]").GetAttribute("data-total").ShouldBe("4"));
        var row = page.Find($"tr[data-task={hostile.Sid}]");
        row.TextContent.ShouldContain("<b>bold</b> · <img src=x onerror=alert(1)>");
        row.QuerySelectorAll("img, b").ShouldBeEmpty();
        row.QuerySelector("a[data-link=detail]")!.GetAttribute("href").ShouldBe($"/tasks/{hostile.Sid}?company=acme");
    }
}


public sealed class ActiveTasksPageActionTests() : TaskConsoleTestContext(Security.CompanyRole.Supervisor)
{
    [Fact]
    public void Delete_AsksForAReason_DeletesAndAudits()
    {
        var queue = Engine.CreateTaskQueue(new TaskQueueSettings("Q", "1==1")).GetValueOrThrow();
        Engine.CreateWorkflow(new WorkflowSettings("Flow", $$$$"""{"task_routing":{"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow();
        var task = Engine.CreateTask(new NewTask("""{"taskType":"reviewSnoozedCase"}""")).GetValueOrThrow();
        using var db = Db();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<ActiveTasksPage>();
        page.WaitForAssertion(() => page.Find("[data-total]").GetAttribute("data-total").ShouldBe("1"));

        page.Find("[data-action=delete]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-action=confirm-delete]").HasAttribute("disabled").ShouldBeTrue("no reason yet"));
        dialogs.Find("[data-field=reason]").Input("Duplicate of CS-9");
        dialogs.WaitForAssertion(() => dialogs.Find("[data-action=confirm-delete]").HasAttribute("disabled").ShouldBeFalse());
        dialogs.Find("[data-action=confirm-delete]").Click();

        page.WaitForAssertion(() => page.Find("[data-total]").GetAttribute("data-total").ShouldBe("0"));
        Engine.GetTask(task.Sid).ShouldBeNull();
        var audit = db.AuditLog.Single();
        (audit.Action, audit.Targets, audit.Result, audit.Actor).ShouldBe(("task.delete", task.Sid, "deleted", "supervisor@acme.test"));
        audit.Detail.ShouldBe("from the dashboard: Duplicate of CS-9");
    }
}

public sealed class ActiveTasksPageViewerTests : TaskConsoleTestContext
{
    [Fact]
    public void Viewer_SeesNoActions()
    {
        var queue = Engine.CreateTaskQueue(new TaskQueueSettings("Q", "1==1")).GetValueOrThrow();
        Engine.CreateWorkflow(new WorkflowSettings("Flow", $$$$"""{"task_routing":{"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow();
        Engine.CreateTask(new NewTask("""{"taskType":"reviewSnoozedCase"}""")).GetValueOrThrow();

        var page = Render<ActiveTasksPage>();

        page.WaitForAssertion(() => page.Find("[data-total]").GetAttribute("data-total").ShouldBe("1"));
        page.FindAll("[data-action=delete]").ShouldBeEmpty();
    }
}
