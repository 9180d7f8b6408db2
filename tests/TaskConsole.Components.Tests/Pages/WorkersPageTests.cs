using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Pages.Workers;

namespace TaskConsole.Web.Components.Pages;

public sealed class WorkersPageTests : TaskConsoleTestContext
{
    public WorkersPageTests()
    {
        Engine.CreateTaskQueue(new TaskQueueSettings("Spanish", "languages HAS 'es'")).GetValueOrThrow();
        Worker("Ana", """{"languages":["en","es"],"skills":["collections"],"team":"Hardship"}""");
        Worker("Bob", """{"languages":["en"],"skills":["caseReview"],"team":"Recoveries"}""");
        Worker("Cyd", """{"languages":["es"],"skills":["collections"],"team":"Recoveries"}""", activity: "Break");
    }

    [Fact]
    public void Render_ListsEveryWorkerWithActivityQueuesAndSkills()
    {
        var page = Render<WorkersPage>();

        page.WaitForAssertion(() => page.Find("[data-count]").GetAttribute("data-count").ShouldBe("3"));
        page.Markup.ShouldContain("today since midnight America/New_York");
        var ana = page.FindAll("tr").Single(row => row.TextContent.Contains("Ana", StringComparison.Ordinal));
        ana.TextContent.ShouldContain("Spanish");
        ana.TextContent.ShouldContain("collections");
        ana.TextContent.ShouldContain("Available");
    }

    [Fact]
    public void WorkerExpression_FiltersAndPointsAtSyntaxErrors()
    {
        var page = Render<WorkersPage>();
        page.WaitForAssertion(() => page.Find("[data-count]").GetAttribute("data-count").ShouldBe("3"));

        page.Find("input[data-filter=expression]").Input("languages HAS 'es' AND");
        Debounce();
        page.WaitForAssertion(() => page.Markup.ShouldContain("expected a condition after AND at column 23"));
        page.Find("[data-count]").GetAttribute("data-count").ShouldBe("3", "a broken expression filters nothing");

        page.Find("input[data-filter=expression]").Input("languages HAS 'es' AND team == 'Recoveries'");
        Debounce();
        page.WaitForAssertion(() => page.Find("[data-count]").GetAttribute("data-count").ShouldBe("1"));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri.ShouldContain("expr=");
    }

    [Fact]
    public void Search_MatchesNamesSkillsAndTeams()
    {
        var page = Render<WorkersPage>();

        page.Find("input[data-filter=search]").Input("recoveries");
        Debounce();

        page.WaitForAssertion(() => page.Find("[data-count]").GetAttribute("data-count").ShouldBe("2"));
    }

    /// <summary>The text fields wait for typing to pause, on the page's clock.</summary>
    private void Debounce() => Clock.Advance(TimeSpan.FromMilliseconds(400));

    [Fact]
    public void LiveEvent_RefreshesThePageOnTheNextTick()
    {
        var page = Render<WorkersPage>();
        page.WaitForAssertion(() => page.Find("[data-count]").GetAttribute("data-count").ShouldBe("3"));
        var dee = Worker("Dee", """{"languages":["es"]}""");

        Broadcaster.Publish("acme", Engine.GetEvents().Where(e => e.WorkerSid == dee.Sid).ToList());
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => page.Find("[data-count]").GetAttribute("data-count").ShouldBe("4"));
    }
}
