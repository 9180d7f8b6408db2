using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

public sealed class RoutingTests
{
    [Fact]
    public void CreateTask_ReservesTheWorkerWhoseAttributesMatchTheQueue()
    {
        using var w = new WorkspaceBuilder();
        var support = w.Queue("Support", "skills HAS 'support'");
        w.SingleQueueWorkflow(support);
        w.Worker("sales", """{"skills":["sales"]}""");
        var agent = w.Worker("agent", """{"skills":["support"]}""");

        var task = w.Task();

        w.Get(task).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Reserved);
        w.PendingReservation(task).WorkerSid.ShouldBe(agent.Sid);
    }

    [Fact]
    public void CreateTask_FollowsTheFirstMatchingFilter()
    {
        using var w = new WorkspaceBuilder();
        var gold = w.Queue("Gold", "tier == 'gold'");
        var rest = w.Queue("Rest", "tier == 'basic'");
        w.Workflow($$$$"""
            {"task_routing":{"filters":[
              {"filter_friendly_name":"VIP","expression":"customer_value == 'Gold'","targets":[{"queue":"{{{{gold.Sid}}}}"}]},
              {"filter_friendly_name":"Everyone","expression":"1==1","targets":[{"queue":"{{{{rest.Sid}}}}"}]}],
             "default_filter":{"queue":"{{{{rest.Sid}}}}"}}}
            """);

        var vip = w.Task("""{"customer_value":"Gold"}""");
        var other = w.Task("""{"customer_value":"Silver"}""");

        w.Get(vip).TaskQueueSid.ShouldBe(gold.Sid);
        w.Engine.GetRoutingStep(vip.Sid)!.FilterName.ShouldBe("VIP");
        w.Get(other).TaskQueueSid.ShouldBe(rest.Sid);
        w.Engine.GetRoutingStep(other.Sid)!.FilterName.ShouldBe("Everyone");
    }

    [Fact]
    public void WorkerBecomingAvailable_GetsTheHighestPriorityTaskFirst()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.SingleQueueWorkflow(queue);
        var low = w.Task(priority: 1);
        w.Clock.Advance(TimeSpan.FromSeconds(1));
        var high = w.Task(priority: 10);
        var worker = w.Worker("agent", available: false);

        w.SetActivity(worker, w.Available);

        w.Get(high).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Reserved);
        w.Get(low).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Pending);
    }

    [Theory]
    [InlineData(TaskOrder.Fifo, 0)]
    [InlineData(TaskOrder.Lifo, 2)]
    public void EqualPriority_FollowsTheQueueTaskOrder(TaskOrder order, int expectedIndex)
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q", order: order);
        w.SingleQueueWorkflow(queue);
        var tasks = new List<TaskInfo>();
        for (var i = 0; i < 3; i++)
        {
            tasks.Add(w.Task());
            w.Clock.Advance(TimeSpan.FromSeconds(5));
        }

        w.Worker("agent");

        tasks.Select(t => w.Get(t).AssignmentStatus).Count(s => s == TaskAssignmentStatus.Reserved).ShouldBe(1);
        w.Get(tasks[expectedIndex]).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Reserved);
    }

    [Fact]
    public void LongestIdleWorker_IsOfferedFirst()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.SingleQueueWorkflow(queue);
        var first = w.Worker("first", available: false);
        var second = w.Worker("second", available: false);
        w.SetActivity(second, w.Available);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        w.SetActivity(first, w.Available);

        var task = w.Task();

        w.PendingReservation(task).WorkerSid.ShouldBe(second.Sid);
    }

    [Fact]
    public void OrderBy_PicksTheWorkerByAttributeInsteadOfIdleTime()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.Workflow($$$$"""{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"{{{{queue.Sid}}}}","order_by":"worker.english_level DESC"}]}]}}""");
        w.Worker("novice", """{"english_level":2}""");
        w.Worker("nolevel", "{}");
        var expert = w.Worker("expert", """{"english_level":9}""");

        var task = w.Task();

        w.PendingReservation(task).WorkerSid.ShouldBe(expert.Sid);
    }

    [Fact]
    public void TargetTimeout_EscalatesTheTaskToTheNextTarget()
    {
        using var w = new WorkspaceBuilder();
        var tier1 = w.Queue("Tier 1", "tier == 1");
        var tier2 = w.Queue("Tier 2", "tier == 2");
        w.Workflow($$$$"""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"{{{{tier1.Sid}}}}","timeout":30},
              {"queue":"{{{{tier2.Sid}}}}","priority":7}]}]}}
            """);
        var senior = w.Worker("senior", """{"tier":2}""");
        w.SetActivity(senior, w.Break);
        var task = w.Task();
        w.SetActivity(senior, w.Available);
        w.Get(task).TaskQueueSid.ShouldBe(tier1.Sid);

        w.Clock.Advance(TimeSpan.FromSeconds(30));

        var moved = w.Get(task);
        moved.TaskQueueSid.ShouldBe(tier2.Sid);
        moved.Priority.ShouldBe(7);
        moved.AssignmentStatus.ShouldBe(TaskAssignmentStatus.Reserved);
        w.DrainEvents().Select(e => e.EventType).ShouldContain(EventTypes.TaskQueueMoved);
    }

    [Fact]
    public void SkipIf_SkipsATargetWithNoAvailableWorkers()
    {
        using var w = new WorkspaceBuilder();
        var empty = w.Queue("Empty", "team == 'nobody'");
        var backup = w.Queue("Backup", "team == 'backup'");
        w.Workflow($$$$"""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"{{{{empty.Sid}}}}","timeout":300,"skip_if":"workers.available == 0"},
              {"queue":"{{{{backup.Sid}}}}"}]}]}}
            """);
        var backupWorker = w.Worker("backup", """{"team":"backup"}""");

        var task = w.Task();

        w.Get(task).TaskQueueSid.ShouldBe(backup.Sid);
        w.PendingReservation(task).WorkerSid.ShouldBe(backupWorker.Sid);
    }

    [Fact]
    public void KnownWorker_ReservesOnlyTheNamedWorker()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.Workflow($$$$"""{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"{{{{queue.Sid}}}}","known_worker_friendly_name":"task.requested_agent"}]}]}}""");
        w.Worker("idle-longest");
        var bob = w.Worker("bob");

        var task = w.Task("""{"requested_agent":"bob"}""");

        w.PendingReservation(task).WorkerSid.ShouldBe(bob.Sid);
    }

    [Fact]
    public void TargetExpression_ComparesTaskAndWorker()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.Workflow($$$$"""{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"{{{{queue.Sid}}}}","expression":"worker.language == task.language"}]}]}}""");
        w.Worker("english", """{"language":"en"}""");
        var spanish = w.Worker("spanish", """{"language":"es"}""");

        var task = w.Task("""{"language":"es"}""");

        w.PendingReservation(task).WorkerSid.ShouldBe(spanish.Sid);
    }

    [Fact]
    public void ChannelCapacity_LimitsConcurrentTasksPerChannel()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Chat");
        w.SingleQueueWorkflow(queue);
        var worker = w.Worker("agent");
        w.Engine.UpdateWorkerChannel(worker.Sid, "chat", capacity: 2, available: null).GetValueOrThrow();

        var tasks = Enumerable.Range(0, 3).Select(_ => w.Task(channel: "chat")).ToArray();

        tasks.Count(t => w.Get(t).AssignmentStatus == TaskAssignmentStatus.Reserved).ShouldBe(2);
        w.Get(tasks[2]).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Pending);

        var voice = w.Task(channel: "voice");
        w.Get(voice).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Reserved, "capacity is per channel");

        w.Accept(tasks[0]);
        w.Engine.UpdateTask(tasks[0].Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: "done")).GetValueOrThrow();
        w.Get(tasks[2]).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Reserved);
    }

    [Fact]
    public void MultiReservation_AcceptingOneRescindsTheOthers()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q", maxReserved: 3);
        w.SingleQueueWorkflow(queue);
        var workers = Enumerable.Range(0, 4).Select(i => w.Worker($"agent{i}")).ToArray();

        var task = w.Task();
        var reservations = w.Reservations(task);
        reservations.Count.ShouldBe(3);

        w.Engine.UpdateReservation(task.Sid, reservations[1].Sid, new ReservationUpdate(ReservationStatus.Accepted)).GetValueOrThrow();

        var after = w.Reservations(task).ToDictionary(r => r.Sid, r => r.ReservationStatus);
        after[reservations[1].Sid].ShouldBe(ReservationStatus.Accepted);
        after[reservations[0].Sid].ShouldBe(ReservationStatus.Rescinded);
        after[reservations[2].Sid].ShouldBe(ReservationStatus.Rescinded);
        w.Get(task).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Assigned);
        w.Get(task).LastWorkerSid.ShouldBe(reservations[1].WorkerSid);
        workers.Length.ShouldBe(4);
    }

    [Fact]
    public void Rejection_ReturnsTheTaskToPendingAndOffersItToTheNextWorker()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.SingleQueueWorkflow(queue);
        var first = w.Worker("first");
        w.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = w.Worker("second");
        var task = w.Task();
        var reservation = w.PendingReservation(task);
        reservation.WorkerSid.ShouldBe(first.Sid);
        w.Clock.Advance(TimeSpan.FromSeconds(10));

        w.Engine.UpdateReservation(task.Sid, reservation.Sid, new ReservationUpdate(ReservationStatus.Rejected)).GetValueOrThrow();

        w.PendingReservation(task).WorkerSid.ShouldBe(second.Sid);
    }

    [Fact]
    public void ReservationTimeout_MovesTheWorkerToTheTimeoutActivityAndReroutesTheTask()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.SingleQueueWorkflow(queue, reservationTimeout: 30);
        var sleepy = w.Worker("sleepy");
        var task = w.Task();
        w.PendingReservation(task).WorkerSid.ShouldBe(sleepy.Sid);
        var backup = w.Worker("backup", available: false);
        w.SetActivity(backup, w.Available);

        w.Clock.Advance(TimeSpan.FromSeconds(30));

        w.Reservations(task).Single(r => r.WorkerSid == sleepy.Sid).ReservationStatus.ShouldBe(ReservationStatus.Timeout);
        w.Engine.GetWorker(sleepy.Sid)!.ActivityName.ShouldBe("Offline");
        w.PendingReservation(task).WorkerSid.ShouldBe(backup.Sid);
    }

    [Fact]
    public void Ttl_CancelsAnUnassignedTaskWithTwiliosReason()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.SingleQueueWorkflow(queue);
        var task = w.Task(timeout: 60);
        w.DrainEvents();

        w.Clock.Advance(TimeSpan.FromSeconds(60));

        var ended = w.Get(task);
        ended.AssignmentStatus.ShouldBe(TaskAssignmentStatus.Canceled);
        ended.Reason.ShouldBe("Task TTL Exceeded");
        w.DrainEvents().Select(e => e.EventType).ShouldBe([EventTypes.TaskCanceled, EventTypes.TaskSystemDeleted]);
    }

    [Fact]
    public void LastTargetTimeout_CancelsTheTaskOnWorkflowTimeout()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.Workflow($$$$"""{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"{{{{queue.Sid}}}}","timeout":45}]}]}}""");
        var task = w.Task();
        w.DrainEvents();

        w.Clock.Advance(TimeSpan.FromSeconds(45));

        w.Get(task).Reason.ShouldBe("Task canceled on Workflow timeout");
        w.DrainEvents().Select(e => e.EventType).ShouldBe([EventTypes.TaskQueueTimeout, EventTypes.WorkflowTimeout, EventTypes.TaskCanceled]);
    }

    [Fact]
    public void TerminatedTask_IsForgottenFiveMinutesAfterItEnds()
    {
        using var w = new WorkspaceBuilder();
        w.SingleQueueWorkflow(w.Queue("Q"));
        var task = w.Task();
        w.Engine.UpdateTask(task.Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Canceled, Reason: "no longer needed")).GetValueOrThrow();

        w.Clock.Advance(TimeSpan.FromMinutes(4));
        w.Engine.GetTask(task.Sid).ShouldNotBeNull();
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        w.Engine.GetTask(task.Sid).ShouldBeNull();
    }

    [Fact]
    public void Delete_CancelsAtOnceEmitsTaskDeletedAndFreesTheWorker()
    {
        using var w = new WorkspaceBuilder();
        w.SingleQueueWorkflow(w.Queue("Q"));
        var worker = w.Worker("agent");
        var task = w.Task();
        w.Accept(task);
        var next = w.Task();
        w.Get(next).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Pending);
        w.DrainEvents();

        var deleted = w.Engine.DeleteTask(task.Sid).GetValueOrThrow();

        deleted.AssignmentStatus.ShouldBe(TaskAssignmentStatus.Canceled);
        w.Engine.GetTask(task.Sid).ShouldBeNull();
        var events = w.DrainEvents().Select(e => e.EventType).ToList();
        events.ShouldContain(EventTypes.TaskDeleted);
        events.ShouldNotContain(EventTypes.TaskCanceled);
        w.PendingReservation(next).WorkerSid.ShouldBe(worker.Sid);
    }

    [Fact]
    public void AttributeChange_OnAPendingTask_RerunsTheWorkflowAndKeepsItsAge()
    {
        using var w = new WorkspaceBuilder();
        var english = w.Queue("English", "language == 'en'");
        var spanish = w.Queue("Spanish", "language == 'es'");
        w.Workflow($$$$"""
            {"task_routing":{"filters":[
              {"expression":"language == 'es'","targets":[{"queue":"{{{{spanish.Sid}}}}"}]}],
             "default_filter":{"queue":"{{{{english.Sid}}}}"}}}
            """);
        var task = w.Task("""{"language":"en"}""");
        w.Clock.Advance(TimeSpan.FromSeconds(20));

        w.Engine.UpdateTask(task.Sid, new TaskUpdate(Attributes: """{"language":"es"}""")).GetValueOrThrow();

        var moved = w.Get(task);
        moved.TaskQueueSid.ShouldBe(spanish.Sid);
        moved.DateCreated.ShouldBe(task.DateCreated);
    }

    [Fact]
    public void UnavailableTaskTypes_KeepsATaskTypeAwayFromTheWorker()
    {
        using var w = new WorkspaceBuilder();
        w.SingleQueueWorkflow(w.Queue("Q"));
        w.Worker("no-voice", """{"unavailableTaskTypes":["answerInboundVoiceCall"]}""");

        var call = w.Task("""{"taskType":"answerInboundVoiceCall"}""");
        var text = w.Task("""{"taskType":"replyToNewText"}""");

        w.Get(call).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Pending);
        w.Get(text).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Reserved);
    }

    [Fact]
    public void IllegalTransitions_ReturnTypedErrorsNamingTheCurrentStatus()
    {
        using var w = new WorkspaceBuilder();
        w.SingleQueueWorkflow(w.Queue("Q"));
        var task = w.Task();

        var complete = w.Engine.UpdateTask(task.Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed));
        complete.Error!.Kind.ShouldBe(TaskRouterErrorKind.InvalidTransition);
        complete.Error.CurrentStatus.ShouldBe("pending");

        w.Worker("agent");
        w.Accept(task);
        var cancel = w.Engine.UpdateTask(task.Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Canceled));
        cancel.Error!.CurrentStatus.ShouldBe("assigned");

        var reservation = w.Reservations(task).Single();
        var accept = w.Engine.UpdateReservation(task.Sid, reservation.Sid, new ReservationUpdate(ReservationStatus.Accepted));
        accept.Error!.CurrentStatus.ShouldBe("accepted");

        w.Engine.UpdateTask("WT00000000000000000000000000000000", new TaskUpdate(Priority: 1)).Error!.Kind.ShouldBe(TaskRouterErrorKind.NotFound);
        w.Engine.UpdateTask(task.Sid, new TaskUpdate(Priority: 2, IfMatch: "\"999\"")).Error!.Kind.ShouldBe(TaskRouterErrorKind.PreconditionFailed);
        w.Get(task).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Assigned);
    }

    [Fact]
    public void Lifecycle_EmitsTwiliosEventsInOrder()
    {
        using var w = new WorkspaceBuilder();
        var queue = w.Queue("Q");
        w.SingleQueueWorkflow(queue);
        var worker = w.Worker("agent");
        w.DrainEvents();

        var task = w.Task();
        w.Accept(task);
        w.Engine.UpdateTask(task.Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Wrapping)).GetValueOrThrow();
        w.Engine.UpdateTask(task.Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: "resolved")).GetValueOrThrow();

        var events = w.DrainEvents();
        events.Select(e => e.EventType).ShouldBe([
            EventTypes.TaskCreated, EventTypes.WorkflowEntered, EventTypes.TaskQueueEntered, EventTypes.WorkflowTargetMatched,
            EventTypes.ReservationCreated, EventTypes.ReservationAccepted, EventTypes.TaskWrapup, EventTypes.ReservationWrapup,
            EventTypes.TaskCompleted, EventTypes.ReservationCompleted,
        ]);
        events.Select(e => e.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        var completed = events.Single(e => e.EventType == EventTypes.TaskCompleted);
        completed.Data["TaskCompletedReason"].ShouldBe("resolved");
        completed.Data["WorkerSid"].ShouldBe(worker.Sid);
        completed.Data["TaskQueueSid"].ShouldBe(queue.Sid);
        completed.Data["EventType"].ShouldBe("task.completed");
        completed.Data["ResourceSid"].ShouldBe(task.Sid);
        completed.Sid.ShouldStartWith("EV");
        completed.Sid.Length.ShouldBe(34);
        long.Parse(completed.Data["TimestampMs"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(w.Clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [Fact]
    public void InvalidInput_IsRefusedWithTheParameterNamed()
    {
        using var w = new WorkspaceBuilder();
        w.Engine.CreateTaskQueue(new TaskQueueSettings("Bad", "skills HAS")).Error!.Message.ShouldContain("TargetWorkers is not a valid expression: expected a value after HAS at column 11");
        w.Engine.CreateWorkflow(new WorkflowSettings("F", "{\"task_routing\":{}")).Error!.Parameter.ShouldBe("Configuration");
        w.Engine.CreateWorkflow(new WorkflowSettings("F", """{"task_routing":{"filters":[{"expression":"a ==","targets":[{"queue":"WQ1"}]}]}}""")).Error!.Message
            .ShouldContain("task_routing.filters[0].expression: expected a value after == at column 5");
        w.Engine.CreateWorker("x", "[1]").Error!.Message.ShouldBe("Attributes must be a JSON object");
        w.Engine.CreateWorker("y", "{\"a\":\"" + new string('x', 5000) + "\"}").Error!.Parameter.ShouldBe("Attributes");
        w.Engine.CreateTask(new NewTask()).Error!.Parameter.ShouldBe("WorkflowSid");
    }
}
