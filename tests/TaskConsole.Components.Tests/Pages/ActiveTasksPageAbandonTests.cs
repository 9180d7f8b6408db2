using Bunit;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Pages.Tasks;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Pages;

public sealed class ActiveTasksPageAbandonTests() : TaskConsoleTestContext(CompanyRole.Supervisor)
{
    [Fact]
    public void Abandon_IsOnlyForAcceptedTasks_AndSendsACopyToAnotherWorker()
    {
        var queue = Engine.CreateTaskQueue(new TaskQueueSettings("Q", "1==1")).GetValueOrThrow();
        Engine.CreateWorkflow(new WorkflowSettings("Flow", $$$$"""{"task_routing":{"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow();
        var ana = Worker("Ana", "{}");
        var accepted = Engine.CreateTask(new NewTask("""{"taskType":"reviewVoicemail"}""", Priority: 4)).GetValueOrThrow();
        Engine.UpdateReservation(accepted.Sid, Engine.GetTaskReservations(accepted.Sid).Single().Sid, new ReservationUpdate(ReservationStatus.Accepted)).GetValueOrThrow();
        Clock.Advance(TimeSpan.FromSeconds(5));
        var waiting = Engine.CreateTask(new NewTask("""{"taskType":"reviewVoicemail"}""")).GetValueOrThrow();
        using var db = Db();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<ActiveTasksPage>();
        page.WaitForAssertion(() => page.Find("[data-total]").GetAttribute("data-total").ShouldBe("2"));

        page.Find($"tr[data-task={waiting.Sid}] [data-action=abandon]").HasAttribute("disabled").ShouldBeTrue();
        page.Find($"tr[data-task={accepted.Sid}] [data-action=abandon]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Abandon").Click());

        page.WaitForAssertion(() => Engine.GetTask(accepted.Sid)!.AssignmentStatus.ShouldBe(TaskAssignmentStatus.Completed));
        Engine.GetTask(accepted.Sid)!.Reason.ShouldBe("Unable to Complete");
        var copy = Engine.GetTasks().Single(t => t.AttributesDocument.GetString("abandonedFromTaskSid") == accepted.Sid);
        copy.Priority.ShouldBe(4);
        Engine.GetTaskReservations(copy.Sid).ShouldAllBe(r => r.WorkerSid != ana.Sid);
        db.AuditLog.Single().Action.ShouldBe("task.abandon");
    }
}
