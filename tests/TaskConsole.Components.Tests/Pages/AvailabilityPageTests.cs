using Bunit;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Pages.Availability;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Pages;

public sealed class AvailabilityPageTests() : TaskConsoleTestContext(CompanyRole.Supervisor)
{
    [Fact]
    public void ChangesAreReviewedThenSaved_AndReachTheWorkers()
    {
        var ana = Worker("Ana", """{"userId":"u-1"}""");
        Worker("Bob", """{"userId":"u-2"}""");
        using var db = Db();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<AvailabilityPage>();
        page.WaitForAssertion(() => page.FindAll("tr[data-user]").Count.ShouldBe(2));

        page.Find("[data-cell='u-1|reviewVoicemail']").Change(false);
        page.Find("[data-column=smartReviewCase]").Click();
        page.WaitForAssertion(() => page.Find("[data-action=review]").TextContent.ShouldContain("Review 3 changes"));
        page.Find("[data-action=review]").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("u-1: reviewVoicemail → off"));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => page.Find("[data-last-change]").TextContent.ShouldContain("supervisor@acme.test"));
        var unavailable = Engine.GetWorker(ana.Sid)!.AttributesJson.GetProperty("unavailableTaskTypes").EnumerateArray().Select(e => e.GetString()).ToList();
        unavailable.ShouldBe(["reviewVoicemail", "smartReviewCase"]);
        db.AuditLog.Single().Action.ShouldBe("availability.update");
    }
}

public sealed class AvailabilityPageViewerTests : TaskConsoleTestContext
{
    [Fact]
    public void Viewers_SeeTheGridButCannotChangeIt()
    {
        Worker("Ana", """{"userId":"u-1"}""");
        using var db = Db();

        var page = Render<AvailabilityPage>();

        page.WaitForAssertion(() => page.FindAll("tr[data-user]").Count.ShouldBe(1));
        page.FindAll("[data-action=review]").ShouldBeEmpty();
        page.FindAll("input[type=checkbox]").ShouldAllBe(box => box.HasAttribute("disabled"));
    }
}
