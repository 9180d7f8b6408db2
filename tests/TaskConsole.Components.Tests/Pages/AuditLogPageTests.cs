using Bunit;
using TaskConsole.Web.Components.Pages.Audit;
using TaskConsole.Web.Data;

namespace TaskConsole.Web.Components.Pages;

public sealed class AuditLogPageTests : TaskConsoleTestContext
{
    [Fact]
    public void ListsTheCompanysRecordsNewestFirst_AndFilters()
    {
        using (var db = Db())
        {
            foreach (var (company, actor, action) in new[] { ("acme", "apikey:crm", "task.delete"), ("acme", "admin", "task.abandon"), ("other", "admin", "task.delete") })
            {
                db.AuditLog.Add(new AuditRecord
                {
                    CompanyId = company, Actor = actor, Action = action, Targets = "WT1", Result = "ok", OccurredAt = Clock.GetUtcNow(), CorrelationId = "c",
                });
            }

            db.SaveChanges();
        }

        var page = Render<AuditLogPage>();

        page.WaitForAssertion(() => page.FindAll("tr[data-audit]").Count.ShouldBe(2, "only acme's records"));
        page.FindAll("tr[data-audit]")[0].TextContent.ShouldContain("task.abandon");
        page.Find("input[data-filter=action]").Input("delete");
        Clock.Advance(TimeSpan.FromMilliseconds(400));
        page.WaitForAssertion(() => page.FindAll("tr[data-audit]").Single().TextContent.ShouldContain("apikey:crm"));
        page.Find("input[data-filter=actor]").Input("nobody");
        Clock.Advance(TimeSpan.FromMilliseconds(400));
        page.WaitForAssertion(() => page.Find("[data-empty]").TextContent.ShouldContain("Nothing recorded"));
    }
}
