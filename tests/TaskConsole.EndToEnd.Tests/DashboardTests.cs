using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.EndToEnd;

public sealed class DashboardTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_SignsIn_AndTheQueueBoardShowsBothCompanies()
    {
        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, "/");

        await page.WaitForSelectorAsync("[data-company=demo]");
        await page.WaitForSelectorAsync("[data-company=northwind]");
        (await page.Locator("[data-company=demo] tr[data-queue]").CountAsync()).ShouldBe(app.Engine("demo").GetTaskQueues().Count);
        await BrowserFixture.ScreenshotAsync(page, "queue-board");
        foreach (var (path, ready, name) in new[]
        {
            ("/workers", "[data-count]", "workers"), ("/tasks", "[data-total]", "active-tasks"), ("/history", "h1", "terminated-tasks"),
            ("/availability", "tr[data-user]", "availability"), ("/audit", "h1", "audit-log"),
        })
        {
            await page.GotoAsync(path);
            await page.WaitForSelectorAsync(ready);
            await BrowserFixture.ScreenshotAsync(page, name);
        }
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AndPagesAskToSignInAgain()
    {
        var page = await app.SignInAsync("viewer", BrowserFixture.ViewerPassword, "/tasks");

        await page.ClickAsync("form[action=signout] button");

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");
        (await page.TextContentAsync("[role=status]")).ShouldBe("You have signed out.");
        await page.WaitForSelectorAsync("#username");
        await page.GotoAsync("/tasks");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");
    }

    [Fact]
    public async Task Filters_ByTypeAndExpression_NarrowTheActiveTasks()
    {
        var demo = app.Engine("demo");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var spanish = demo.CreateTask(new NewTask($$"""{"taskType":"reviewDocumentUpload","language":"es","marker":"{{marker}}"}""", WorkflowSid: app.SeededWorkflow("demo"))).GetValueOrThrow();
        demo.CreateTask(new NewTask($$"""{"taskType":"reviewDocumentUpload","language":"en","marker":"{{marker}}"}""", WorkflowSid: app.SeededWorkflow("demo"))).GetValueOrThrow();
        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, "/tasks");

        await page.ClickAsync(".mud-input-control:has(label:text-is('Task type')) .mud-select-input");
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasTextRegex = new Regex("^reviewDocumentUpload$") }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForURLAsync(url => url.Contains("taskType=reviewDocumentUpload", StringComparison.Ordinal));
        await page.FillAsync("input[data-filter=expression]", $"marker == '{marker}' AND language == 'es'");

        await page.WaitForSelectorAsync($"[data-total='1']");
        (await page.Locator($"tr[data-task={spanish.Sid}]").CountAsync()).ShouldBe(1);
        page.Url.ShouldContain("taskAttrMatchExpr=");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-action=export]"));
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        csv[0].ShouldStartWith("taskSid,assignmentStatus,taskType,");
        csv.Skip(1).Select(line => line.Split(',')[0]).ShouldBe([spanish.Sid]);
        await page.FillAsync("input[data-filter=expression]", "language IN");
        await page.WaitForSelectorAsync("text=expected a value after IN at column 12");
        await BrowserFixture.ScreenshotAsync(page, "active-tasks-expression-error");
    }

    [Fact]
    public async Task Delete_InOneBrowser_DisappearsFromAnotherWithinTwoSeconds()
    {
        var demo = app.Engine("demo");
        var task = demo.CreateTask(new NewTask("""{"taskType":"reviewCaseInstructions","caseId":"CS-E2E"}""", WorkflowSid: app.SeededWorkflow("demo"))).GetValueOrThrow();
        var supervisor = await app.SignInAsync("admin", BrowserFixture.AdminPassword, "/tasks");
        var watcher = await app.SignInAsync("admin", BrowserFixture.AdminPassword, "/tasks");
        await supervisor.WaitForSelectorAsync($"tr[data-task={task.Sid}]");
        await watcher.WaitForSelectorAsync($"tr[data-task={task.Sid}]");

        await supervisor.ClickAsync($"tr[data-task={task.Sid}] [data-action=delete]");
        await supervisor.FillAsync("input[data-field=reason]", "Raised twice");
        await BrowserFixture.ScreenshotAsync(supervisor, "delete-dialog");
        await supervisor.ClickAsync("[data-action=confirm-delete]");

        await watcher.WaitForSelectorAsync($"tr[data-task={task.Sid}]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 2_000 });
        demo.GetTask(task.Sid).ShouldBeNull();
    }

    [Fact]
    public async Task Viewer_IsOfferedNoActions()
    {
        var demo = app.Engine("demo");
        var task = demo.CreateTask(new NewTask("""{"taskType":"reviewSnoozedCase"}""", WorkflowSid: app.SeededWorkflow("demo"))).GetValueOrThrow();

        var page = await app.SignInAsync("viewer", BrowserFixture.ViewerPassword, "/tasks");

        await page.WaitForSelectorAsync($"tr[data-task={task.Sid}]");
        (await page.Locator("[data-action=delete]").CountAsync()).ShouldBe(0);
        (await page.Locator("[data-company=northwind]").CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(page, "active-tasks-viewer");
    }

    [Fact]
    public async Task Admin_ReadsTheTaskRouterApiCredentials_AndTheyOpenTheWorkspace()
    {
        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, "/taskrouter-api?company=northwind");
        await page.WaitForSelectorAsync("[data-field=account-sid]");
        await page.ClickAsync("[data-action=reveal]");
        await BrowserFixture.ScreenshotAsync(page, "taskrouter-api");

        var baseUrl = await page.InnerTextAsync("[data-field=base-url]");
        var workspace = await page.InnerTextAsync("[data-field=workspace-sid]");
        var account = await page.InnerTextAsync("[data-field=account-sid]");
        var token = await page.InnerTextAsync("[data-field=auth-token]");
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{account}:{token}")));
        using var response = await client.GetAsync(new Uri($"{baseUrl}/Workspaces/{workspace}/Workers?PageSize=5"), TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        workspace.ShouldBe(app.Engine("northwind").WorkspaceSid);

        var viewer = await app.SignInAsync("viewer", BrowserFixture.ViewerPassword, "/taskrouter-api");
        await viewer.WaitForSelectorAsync("[data-empty]");
        (await viewer.Locator("[data-field=auth-token]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task TerminatedTask_ShowsItsLifecycle_AndIsClonedFromItsPage()
    {
        var demo = app.Engine("demo");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var workflow = app.DedicatedWorkflow("demo", marker, withWorker: true);
        var task = demo.CreateTask(new NewTask($$"""{"taskType":"reviewEscalatedCase","caseType":"bankruptcy","caseId":"CS-{{marker}}","language":"en"}""", WorkflowSid: workflow)).GetValueOrThrow();
        await app.CompleteAndRecordAsync("demo", task.Sid);

        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, $"/history/{task.Sid}?company=demo");
        await page.WaitForSelectorAsync("[data-event='task.completed']");
        (await page.InnerTextAsync("[data-field=outcome]")).ShouldBe("completed");
        (await page.InnerTextAsync("[data-field=attributes]")).ShouldContain($"CS-{marker}");
        await BrowserFixture.ScreenshotAsync(page, "terminated-task");

        await page.ClickAsync("[data-action=clone]");
        await page.WaitForSelectorAsync("[data-dialog=clone-task]");
        (await page.IsDisabledAsync("[data-action=confirm-clone]")).ShouldBeTrue();
        await page.ClickAsync("[data-field=acknowledge]");
        await BrowserFixture.ScreenshotAsync(page, "clone-dialog");
        await page.ClickAsync("[data-action=confirm-clone]");

        await page.WaitForSelectorAsync("[data-field=clones] a");
        var clone = demo.GetTasks().Single(t => t.AttributesDocument.GetString("clonedFromTaskSid") == task.Sid);
        (await page.InnerTextAsync("[data-field=clones]")).ShouldContain(clone.Sid);
        clone.AttributesDocument.GetString("caseId").ShouldBe($"CS-{marker}");
    }

    [Fact]
    public async Task BulkDelete_OfWhatTheFilterMatches_ShowsCountsProgressAndResults()
    {
        var demo = app.Engine("demo");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var tasks = Enumerable.Range(0, 3)
            .Select(i => demo.CreateTask(new NewTask($$"""{"taskType":"reviewSnoozedCase","marker":"{{marker}}","n":{{i}}}""", WorkflowSid: app.SeededWorkflow("demo"))).GetValueOrThrow().Sid)
            .ToList();
        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, $"/tasks?taskAttrMatchExpr={Uri.EscapeDataString($"marker == '{marker}'")}");
        await page.WaitForSelectorAsync("[data-total='3']");

        await page.ClickAsync($"tr[data-task={tasks[0]}] .tc-select input");
        await page.WaitForSelectorAsync("[data-action=delete-selected]:has-text('(1)')");
        await page.ClickAsync("[data-action=delete-matching]");
        await page.WaitForSelectorAsync("[data-dialog=bulk-delete]");
        (await page.InnerTextAsync("[data-field=by-status]")).ShouldContain("3");
        await page.FillAsync("[data-dialog=bulk-delete] input[data-field=reason], [data-dialog=bulk-delete] [data-field=reason] input", "Duplicates from a CRM retry");
        await BrowserFixture.ScreenshotAsync(page, "bulk-delete-dialog");
        await page.ClickAsync("[data-action=confirm-bulk-delete]");

        await page.WaitForSelectorAsync("[data-field=summary]:has-text('3 deleted')");
        await BrowserFixture.ScreenshotAsync(page, "bulk-delete-results");
        await page.ClickAsync("[data-action=close]");
        await page.WaitForSelectorAsync("[data-total='0']");
        tasks.ShouldAllBe(sid => demo.GetTask(sid) == null || demo.GetTask(sid)!.AssignmentStatus == TaskConsole.Core.Domain.TaskAssignmentStatus.Canceled);
    }

    [Fact]
    public async Task ActiveTask_SaysWhyItWaits_AndIsDeletedFromItsPage()
    {
        var demo = app.Engine("demo");
        var skill = Guid.NewGuid().ToString("N")[..8];
        var workflow = app.DedicatedWorkflow("demo", skill, withWorker: false);
        var task = demo.CreateTask(new NewTask("""{"taskType":"reviewSnoozedCase"}""", WorkflowSid: workflow)).GetValueOrThrow();

        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, $"/tasks/{task.Sid}?company=demo");
        await page.WaitForSelectorAsync("[data-panel=why]");
        (await page.InnerTextAsync("[data-field=verdict]")).ShouldContain($"No worker matches the queue's target expression (skills HAS '{skill}')");
        (await page.InnerTextAsync("[data-field=status]")).ShouldBe("pending");
        (await page.IsDisabledAsync("[data-action=abandon]")).ShouldBeTrue();
        await page.WaitForSelectorAsync("[data-event='task.created']");
        await BrowserFixture.ScreenshotAsync(page, "active-task");

        await page.ClickAsync("[data-action=delete]");
        await page.FillAsync("input[data-field=reason]", "Nobody may take it");
        await page.ClickAsync("[data-action=confirm-delete]");
        await page.WaitForSelectorAsync("[data-field=ended]");
        demo.GetTask(task.Sid)?.AssignmentStatus.ShouldBe(TaskConsole.Core.Domain.TaskAssignmentStatus.Canceled);
    }

    [Fact]
    public async Task Abandon_OfAnAssignedTask_CompletesItAndQueuesACopyForSomeoneElse()
    {
        var demo = app.Engine("demo");
        var skill = Guid.NewGuid().ToString("N")[..8];
        var workflow = app.DedicatedWorkflow("demo", skill, withWorker: true);
        var task = demo.CreateTask(new NewTask($$"""{"taskType":"reviewVoicemail","caseId":"CS-{{skill}}"}""", WorkflowSid: workflow)).GetValueOrThrow();
        var reservation = demo.GetTaskReservations(task.Sid).Single();
        demo.UpdateReservation(task.Sid, reservation.Sid, new ReservationUpdate(TaskConsole.Core.Domain.ReservationStatus.Accepted)).GetValueOrThrow();
        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, $"/tasks?taskAttrMatchExpr={Uri.EscapeDataString($"caseId == 'CS-{skill}'")}");
        await page.WaitForSelectorAsync($"tr[data-task={task.Sid}]");

        await page.ClickAsync($"tr[data-task={task.Sid}] [data-action=abandon]");
        await page.ClickAsync(".mud-dialog-actions button:has-text('Abandon')");

        await page.WaitForSelectorAsync($"tr[data-task={task.Sid}]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        var copy = demo.GetTasks().Single(t => t.AttributesDocument.GetString("abandonedFromTaskSid") == task.Sid);
        copy.AttributesDocument.IsTrue("unableToComplete").ShouldBeTrue();
        copy.WorkflowSid.ShouldBe(workflow);
        await page.WaitForSelectorAsync($"tr[data-task={copy.Sid}]");
        var original = demo.GetTask(task.Sid);
        if (original is not null)
        {
            original.AssignmentStatus.ShouldBe(TaskConsole.Core.Domain.TaskAssignmentStatus.Completed);
            original.Reason.ShouldBe("Unable to Complete");
        }
    }

    [Fact]
    public async Task Availability_Toggle_IsReviewedSaved_AndReachesTheWorker()
    {
        var demo = app.Engine("demo");
        var worker = demo.GetWorkers().First(w => w.AttributesDocument.GetString("userId") is not null);
        var user = worker.AttributesDocument.GetString("userId")!;
        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, "/");
        await page.GotoAsync("/availability?company=demo");
        await page.WaitForSelectorAsync($"tr[data-user='{user}']");

        await page.ClickAsync($"[data-cell='{user}|reviewVoicemail']");
        await page.ClickAsync("[data-action=review]");
        await page.WaitForSelectorAsync($".mud-dialog :text('{user}: reviewVoicemail → off')");
        await BrowserFixture.ScreenshotAsync(page, "availability-review");
        await page.ClickAsync(".mud-dialog-actions button:has-text('Save')");

        await page.WaitForSelectorAsync("[data-last-change]");
        demo.GetWorker(worker.Sid)!.AttributesJson.GetProperty("unavailableTaskTypes").EnumerateArray().Select(t => t.GetString()).ShouldContain("reviewVoicemail");
    }

    [Fact]
    public async Task CompanySwitcher_KeepsThePage_ForTheOtherCompany()
    {
        var page = await app.SignInAsync("admin", BrowserFixture.AdminPassword, "/tasks?company=demo");
        await page.WaitForSelectorAsync("[data-switcher=company][data-current=demo]");

        await page.ClickAsync("[data-switcher=company] button");
        await page.ClickAsync("[data-company-option=northwind]");

        // The page may add its own filters to the address once it runs; what matters is the page and the company.
        await page.WaitForFunctionAsync("() => location.pathname === '/tasks' && new URLSearchParams(location.search).get('company') === 'northwind'");
        await page.WaitForSelectorAsync("[data-switcher=company][data-current=northwind]");
        await page.WaitForSelectorAsync("[data-total]");
        await page.ClickAsync("[data-switcher=company] button");
        await page.ClickAsync("[data-company-option=demo]");
        await page.WaitForFunctionAsync("() => new URLSearchParams(location.search).get('company') === 'demo'");

        await page.GotoAsync("/?company=northwind");
        await page.WaitForSelectorAsync("[data-company=northwind]");
        (await page.Locator("[data-company=demo]").CountAsync()).ShouldBe(0);

        var viewer = await app.SignInAsync("viewer", BrowserFixture.ViewerPassword, "/tasks");
        (await viewer.Locator("[data-switcher=company]").CountAsync()).ShouldBe(0);
    }
}
