using Bunit;
using TaskConsole.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.Components.Pages;

public sealed class HomeTests : TaskConsoleTestContext
{
    [Fact]
    public void QueueBoard_SumsTheCompany_AndWarnsWhereTasksWaitWithNobodyAvailable()
    {
        var staffed = Engine.CreateTaskQueue(new TaskQueueSettings("Staffed", "team == 'a'")).GetValueOrThrow();
        var empty = Engine.CreateTaskQueue(new TaskQueueSettings("Nobody", "team == 'b'")).GetValueOrThrow();
        Engine.CreateWorkflow(new WorkflowSettings("Flow", $$$$"""
            {"task_routing":{"filters":[{"expression":"team == 'b'","targets":[{"queue":"{{{{empty.Sid}}}}"}]}],"default_filter":{"queue":"{{{{staffed.Sid}}}}"}}}
            """)).GetValueOrThrow();
        Worker("Ana", """{"team":"a"}""");
        Worker("Bob", """{"team":"b"}""", activity: "Break");
        var answered = Engine.CreateTask(new NewTask("""{"team":"a"}""")).GetValueOrThrow();
        Clock.Advance(TimeSpan.FromSeconds(10));
        Engine.UpdateReservation(answered.Sid, Engine.GetTaskReservations(answered.Sid).Single().Sid, new ReservationUpdate(ReservationStatus.Accepted)).GetValueOrThrow();
        Engine.CreateTask(new NewTask("""{"team":"b"}""")).GetValueOrThrow();
        Clock.Advance(TimeSpan.FromSeconds(45));

        var page = Render<Home>();

        page.WaitForAssertion(() => page.Find("[data-tile=waiting] .tc-tile-value").TextContent.ShouldBe("1"));
        page.Find("[data-tile=assigned] .tc-tile-value").TextContent.ShouldBe("1");
        page.Find("[data-tile=longest] .tc-tile-value").TextContent.ShouldBe("45s");
        page.Find("[data-tile=agents] .tc-tile-value").TextContent.ShouldBe("1 / 2");
        page.Find("tr[data-queue=Nobody] [data-warning=starved]").ShouldNotBeNull();
        page.FindAll("tr[data-queue=Staffed] [data-warning]").ShouldBeEmpty();
        page.Find("tr[data-queue=Staffed] [data-figure=service-level]").TextContent.ShouldBe("100%", "accepted after 10 s, within 30 s");
    }

    [Fact]
    public async Task QueueBoard_ColoursWaitsPastTheCompanysThresholds_AndChartsTheLastHour()
    {
        Settings.Companies["acme"] = new TaskConsole.Web.Options.CompanyOptions { Board = { WaitWarningSeconds = 20, WaitCriticalSeconds = 40, ServiceLevelTargetPercent = 90 } };
        var queue = Engine.CreateTaskQueue(new TaskQueueSettings("Nobody", "team == 'b'")).GetValueOrThrow();
        Engine.CreateWorkflow(new WorkflowSettings("Flow", $$$$"""{"task_routing":{"filters":[],"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow();
        var history = Services.GetRequiredService<TaskConsole.Web.TaskRouter.WaitingHistory>();
        await history.SampleAsync(CancellationToken.None);
        Engine.CreateTask(new NewTask("""{"team":"b"}""")).GetValueOrThrow();
        Clock.Advance(TimeSpan.FromSeconds(30));
        await history.SampleAsync(CancellationToken.None);

        var page = Render<Home>();

        page.WaitForAssertion(() => page.Find("[data-tile=longest]").ClassList.ShouldContain("tc-warning"));
        page.Find("[data-chart=waiting]").GetAttribute("data-samples").ShouldBe("2");
        page.Find("[data-chart=waiting] svg").GetAttribute("aria-label")!.ShouldContain("now 1, peak 1");
        page.Find("tr[data-queue=Nobody] [data-figure=longest]").ClassList.ShouldContain("tc-warning");

        Clock.Advance(TimeSpan.FromSeconds(15));
        var later = Render<Home>();
        later.WaitForAssertion(() => later.Find("tr[data-queue=Nobody] [data-figure=longest]").ClassList.ShouldContain("tc-critical"));
    }
}
