using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

/// <summary>The workspace's own resources: activities, channels, queues, workflows, workers and the workspace itself.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void NewWorkspace_HasTwiliosDefaultActivitiesAndChannels()
    {
        using var w = new WorkspaceBuilder();

        w.Engine.GetActivities().Select(a => (a.FriendlyName, a.Available)).ShouldBe([("Offline", false), ("Available", true), ("Unavailable", false), ("Break", false)]);
        w.Engine.GetTaskChannels().Select(c => c.UniqueName).ShouldBe(["default", "voice", "chat", "sms"]);
        w.Engine.Workspace.DefaultActivitySid.ShouldBe(w.Offline);
        w.Engine.Workspace.TimeoutActivitySid.ShouldBe(w.Offline);
    }

    [Fact]
    public void Activities_AreCreatedRenamedAndDeletedOnlyWhenUnused()
    {
        using var w = new WorkspaceBuilder();
        var lunch = w.Engine.CreateActivity("Lunch", available: false).GetValueOrThrow();
        w.Engine.CreateActivity("lunch", available: true).Error!.Parameter.ShouldBe("FriendlyName");
        var worker = w.Worker("agent");
        w.SetActivity(worker, lunch.Sid);

        w.Engine.UpdateActivity(lunch.Sid, "Meal break").GetValueOrThrow();
        w.Engine.GetWorker(worker.Sid)!.ActivityName.ShouldBe("Meal break");
        w.Engine.DeleteActivity(lunch.Sid).Error!.Kind.ShouldBe(TaskRouterErrorKind.Conflict);
        w.Engine.DeleteActivity(w.Offline).Error!.Kind.ShouldBe(TaskRouterErrorKind.Conflict, "the default activity");

        w.SetActivity(worker, w.Available);
        w.Engine.DeleteActivity(lunch.Sid).GetValueOrThrow();
        w.Engine.GetActivity(lunch.Sid).ShouldBeNull();
        w.DrainEvents().Select(e => e.EventType).ShouldContain(EventTypes.ActivityDeleted);
    }

    [Fact]
    public void Workspace_TimeoutActivityDecidesWhereATimedOutWorkerGoes()
    {
        using var w = new WorkspaceBuilder();
        w.Engine.UpdateWorkspace(new WorkspaceSettings(TimeoutActivitySid: w.Break, EventCallbackUrl: "https://crm.example.test/events")).GetValueOrThrow();
        w.Engine.UpdateWorkspace(new WorkspaceSettings(EventCallbackUrl: "not a url")).Error!.Parameter.ShouldBe("EventCallbackUrl");
        w.SingleQueueWorkflow(w.Queue("Q"), reservationTimeout: 10);
        var worker = w.Worker("agent");
        w.Task();

        w.Clock.Advance(TimeSpan.FromSeconds(10));

        w.Engine.GetWorker(worker.Sid)!.ActivityName.ShouldBe("Break");
        w.Engine.Workspace.EventCallbackUrl.ShouldBe("https://crm.example.test/events");
    }

    [Fact]
    public void NewTaskChannel_IsGivenToEveryWorkerAndRoutes()
    {
        using var w = new WorkspaceBuilder();
        w.SingleQueueWorkflow(w.Queue("Q"));
        var worker = w.Worker("agent");

        w.Engine.CreateTaskChannel("email", "Email").GetValueOrThrow();
        w.Engine.CreateTaskChannel("email", "Email").Error!.Parameter.ShouldBe("UniqueName");
        var task = w.Task(channel: "email");

        w.PendingReservation(task).WorkerSid.ShouldBe(worker.Sid);
    }

    [Fact]
    public void QueueExpressionChange_ReevaluatesMembershipAndRoutesWaitingTasks()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q", "team == 'red'");
        w.SingleQueueWorkflow(queue);
        var blue = w.Worker("blue", """{"team":"blue"}""");
        var task = w.Task();
        w.Get(task).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Pending);
        w.Engine.UpdateTaskQueue(queue.Sid, new TaskQueueSettings(TargetWorkers: "team ==")).Error!.Parameter.ShouldBe("TargetWorkers");

        w.Engine.UpdateTaskQueue(queue.Sid, new TaskQueueSettings(TargetWorkers: "team IN ['red', 'blue']", TaskOrder: TaskOrder.Lifo, MaxReservedWorkers: 2)).GetValueOrThrow();

        w.PendingReservation(task).WorkerSid.ShouldBe(blue.Sid);
        w.Engine.GetWorkerQueueSids(blue.Sid).ShouldBe([queue.Sid]);
        w.DrainEvents().Select(e => e.EventType).ShouldContain(EventTypes.TaskQueueExpressionUpdated);
        w.Engine.UpdateTaskQueue(queue.Sid, new TaskQueueSettings(MaxReservedWorkers: 51)).Error!.Parameter.ShouldBe("MaxReservedWorkers");
    }

    [Fact]
    public void QueuesAndWorkflows_CannotBeDeletedWhileInUse()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        var spare = w.Queue("Spare");
        var workflow = w.SingleQueueWorkflow(queue);
        var task = w.Task();

        w.Engine.DeleteTaskQueue(queue.Sid).Error!.Kind.ShouldBe(TaskRouterErrorKind.Conflict);
        w.Engine.DeleteWorkflow(workflow.Sid).Error!.Kind.ShouldBe(TaskRouterErrorKind.Conflict);
        w.Engine.DeleteTaskQueue(spare.Sid).GetValueOrThrow();

        w.Engine.DeleteTask(task.Sid).GetValueOrThrow();
        w.Engine.DeleteWorkflow(workflow.Sid).GetValueOrThrow();
        w.Engine.DeleteTaskQueue(queue.Sid).GetValueOrThrow();
        w.Engine.GetTaskQueues().ShouldBeEmpty();
    }

    [Fact]
    public void WorkflowUpdate_WithReEvaluateTasks_MovesWaitingTasks()
    {
        using var w = new WorkspaceBuilder();
        var first = w.Queue("First", "team == 'nobody'");
        var second = w.Queue("Second");
        var workflow = w.SingleQueueWorkflow(first);
        var task = w.Task();

        w.Engine.UpdateWorkflow(workflow.Sid, new WorkflowSettings(
            Configuration: $$$$"""{"task_routing":{"default_filter":{"queue":"{{{{second.Sid}}}}"}}}""", TaskReservationTimeout: 60, ReEvaluateTasks: true)).GetValueOrThrow();

        w.Get(task).TaskQueueSid.ShouldBe(second.Sid);
        w.Engine.GetWorkflow(workflow.Sid)!.TaskReservationTimeout.ShouldBe(60);
        w.Engine.UpdateWorkflow(workflow.Sid, new WorkflowSettings(TaskReservationTimeout: 0)).Error!.Parameter.ShouldBe("TaskReservationTimeout");
    }

    [Fact]
    public void DeleteWorker_CancelsItsPendingReservations_ButNotWhileItHasAssignedWork()
    {
        using var w = new WorkspaceBuilder();
        w.SingleQueueWorkflow(w.Queue("Q", maxReserved: 1));
        var busy = w.Worker("busy");
        var assigned = w.Task();
        w.Accept(assigned);
        var leaving = w.Worker("leaving");
        var offered = w.Task();
        w.PendingReservation(offered).WorkerSid.ShouldBe(leaving.Sid);

        w.Engine.DeleteWorker(busy.Sid).Error!.Kind.ShouldBe(TaskRouterErrorKind.Conflict);
        w.Engine.DeleteWorker(leaving.Sid).GetValueOrThrow();

        w.Engine.GetWorker(leaving.Sid).ShouldBeNull();
        w.Get(offered).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Pending);
        w.Reservations(offered).Single().ReservationStatus.ShouldBe(ReservationStatus.Canceled);
        w.Engine.GetWorkersRealTimeStatistics().TotalWorkers.ShouldBe(1);
    }

    [Fact]
    public void WorkerChannelAvailability_OffMeansNoNewWorkOnThatChannel()
    {
        using var w = new WorkspaceBuilder();
        w.SingleQueueWorkflow(w.Queue("Q"));
        var worker = w.Worker("agent");
        w.Engine.UpdateWorkerChannel(worker.Sid, "sms", capacity: null, available: false).GetValueOrThrow();

        var text = w.Task(channel: "sms");
        w.Get(text).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Pending);

        w.Engine.UpdateWorkerChannel(worker.Sid, "sms", capacity: null, available: true).GetValueOrThrow();
        w.PendingReservation(text).WorkerSid.ShouldBe(worker.Sid);
        w.DrainEvents().Select(e => e.EventType).ShouldContain(EventTypes.WorkerChannelAvailabilityUpdate);
        w.Engine.UpdateWorkerChannel(worker.Sid, "fax", capacity: 1, available: null).Error!.Kind.ShouldBe(TaskRouterErrorKind.NotFound);
    }
}
