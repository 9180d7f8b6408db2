using System.Text.Json;
using Twilio.Exceptions;
using Twilio.Rest.Taskrouter.V1;
using Twilio.Rest.Taskrouter.V1.Workspace;
using Twilio.Rest.Taskrouter.V1.Workspace.TaskQueue;
using Twilio.Rest.Taskrouter.V1.Workspace.Worker;
using TaskReservation = Twilio.Rest.Taskrouter.V1.Workspace.Task.ReservationResource;
using WorkerReservation = Twilio.Rest.Taskrouter.V1.Workspace.Worker.ReservationResource;

namespace TaskConsole.Web;

/// <summary>The official Twilio C# SDK (8.2.0), unchanged, against the embedded engine's TaskRouter v1 API.</summary>
public sealed class TwilioSdkTests(TwilioSdkFixture fixture) : IClassFixture<TwilioSdkFixture>
{
    private string Ws => fixture.WorkspaceSid;

    /// <summary>A queue for workers with a skill of their own, a workflow routing tasks of that type to it, and an available worker.</summary>
    private (WorkerResource Worker, TaskQueueResource Queue, WorkflowResource Workflow, string Skill) Route(int workers = 1)
    {
        var skill = "skill" + Guid.NewGuid().ToString("N")[..8];
        var available = ActivityResource.Read(Ws, friendlyName: "Available", client: fixture.Client).Single();
        WorkerResource? first = null;
        for (var i = 0; i < workers; i++)
        {
            var worker = WorkerResource.Create(Ws, $"{skill}-agent{i}", activitySid: available.Sid, attributes: $$"""{"skills":["{{skill}}"],"level":{{i}}}""", client: fixture.Client);
            first ??= worker;
        }

        var queue = TaskQueueResource.Create(Ws, $"{skill} queue", targetWorkers: $"skills HAS '{skill}'", client: fixture.Client);
        var configuration = $$$$"""{"task_routing":{"filters":[{"filter_friendly_name":"{{{{skill}}}}","expression":"type == '{{{{skill}}}}'","targets":[{"queue":"{{{{queue.Sid}}}}"}]}],"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""";
        var workflow = WorkflowResource.Create(Ws, $"{skill} workflow", configuration, taskReservationTimeout: 120, client: fixture.Client);
        return (first!, queue, workflow, skill);
    }

    [Fact]
    public void Workspace_IsListedFetchedAndUpdated_WithTwilioFields()
    {
        var listed = WorkspaceResource.Read(client: fixture.Client).ToList();
        listed.Select(w => w.Sid).ShouldBe([Ws]);

        var fetched = WorkspaceResource.Fetch(Ws, client: fixture.Client);
        fetched.AccountSid.ShouldBe(fixture.Credential.AccountSid);
        fetched.DefaultActivityName.ShouldBe("Offline");
        fetched.Url.ToString().ShouldBe($"http://localhost/v1/Workspaces/{Ws}");
        fetched.Links["workers"].ShouldBe($"http://localhost/v1/Workspaces/{Ws}/Workers");

        var updated = WorkspaceResource.Update(Ws, friendlyName: "Renamed by the SDK", client: fixture.Client);
        updated.FriendlyName.ShouldBe("Renamed by the SDK");
        updated.PrioritizeQueueOrder.ShouldBe(WorkspaceResource.QueueOrderEnum.Fifo);
    }

    [Fact]
    public void Task_IsReserved_Accepted_AndCompleted_ThroughTheSdk()
    {
        var (worker, queue, workflow, skill) = Route();

        var task = TaskResource.Create(Ws, attributes: $$"""{"type":"{{skill}}","caseId":"C-1"}""", workflowSid: workflow.Sid, priority: 5, client: fixture.Client);
        task.AssignmentStatus.ShouldBe(TaskResource.StatusEnum.Reserved);
        task.TaskQueueSid.ShouldBe(queue.Sid);
        task.TaskQueueFriendlyName.ShouldBe(queue.FriendlyName);
        JsonDocument.Parse(task.Attributes).RootElement.GetProperty("caseId").GetString().ShouldBe("C-1");

        var reservation = TaskReservation.Read(Ws, task.Sid, client: fixture.Client).Single();
        reservation.WorkerSid.ShouldBe(worker.Sid);
        reservation.ReservationStatus.ShouldBe(TaskReservation.StatusEnum.Pending);
        WorkerReservation.Read(Ws, worker.Sid, reservationStatus: WorkerReservation.StatusEnum.Pending, client: fixture.Client).Select(r => r.Sid).ShouldBe([reservation.Sid]);

        TaskReservation.Update(Ws, task.Sid, reservation.Sid, reservationStatus: TaskReservation.StatusEnum.Accepted, client: fixture.Client)
            .ReservationStatus.ShouldBe(TaskReservation.StatusEnum.Accepted);
        TaskResource.Fetch(Ws, task.Sid, client: fixture.Client).AssignmentStatus.ShouldBe(TaskResource.StatusEnum.Assigned);
        var channel = WorkerChannelResource.Fetch(Ws, worker.Sid, "default", client: fixture.Client);
        channel.AssignedTasks.ShouldBe(1);

        var completed = TaskResource.Update(Ws, task.Sid, assignmentStatus: TaskResource.StatusEnum.Completed, reason: "resolved", client: fixture.Client);
        completed.AssignmentStatus.ShouldBe(TaskResource.StatusEnum.Completed);
        completed.Reason.ShouldBe("resolved");

        var cumulative = TaskQueueCumulativeStatisticsResource.Fetch(Ws, queue.Sid, minutes: 60, client: fixture.Client);
        cumulative.TasksEntered.ShouldBe(1);
        cumulative.TasksCompleted.ShouldBe(1);
        cumulative.ReservationsAccepted.ShouldBe(1);
        var realtime = TaskQueueRealTimeStatisticsResource.Fetch(Ws, queue.Sid, client: fixture.Client);
        realtime.TotalEligibleWorkers.ShouldBe(1);
        realtime.TotalTasks.ShouldBe(0);
        var workerStats = WorkerStatisticsResource.Fetch(Ws, worker.Sid, minutes: 60, client: fixture.Client);
        workerStats.WorkerSid.ShouldBe(worker.Sid);
        workerStats.Cumulative.ToString()!.ShouldContain("\"reservations_accepted\": 1");
        var both = TaskQueueStatisticsResource.Fetch(Ws, queue.Sid, client: fixture.Client);
        both.Realtime.ShouldNotBeNull();
        both.Cumulative.ShouldNotBeNull();
        WorkersStatisticsResource.Fetch(Ws, taskQueueSid: queue.Sid, client: fixture.Client).Realtime.ToString()!.ShouldContain("\"total_workers\": 1");
        TaskQueuesStatisticsResource.Read(Ws, friendlyName: queue.FriendlyName, client: fixture.Client).Single().TaskQueueSid.ShouldBe(queue.Sid);
        var workflowTotals = Twilio.Rest.Taskrouter.V1.Workspace.Workflow.WorkflowCumulativeStatisticsResource.Fetch(Ws, workflow.Sid, minutes: 60, client: fixture.Client);
        (workflowTotals.TasksEntered, workflowTotals.TasksCompleted, workflowTotals.ReservationsAccepted).ShouldBe((1, 1, 1));
        Twilio.Rest.Taskrouter.V1.Workspace.Workflow.WorkflowRealTimeStatisticsResource.Fetch(Ws, workflow.Sid, client: fixture.Client).TotalTasks.ShouldBe(0);
        Twilio.Rest.Taskrouter.V1.Workspace.Workflow.WorkflowStatisticsResource.Fetch(Ws, workflow.Sid, client: fixture.Client).WorkflowSid.ShouldBe(workflow.Sid);
        WorkspaceCumulativeStatisticsResource.Fetch(Ws, minutes: 60, client: fixture.Client).TasksCreated.GetValueOrDefault().ShouldBeGreaterThanOrEqualTo(1);
        WorkspaceRealTimeStatisticsResource.Fetch(Ws, client: fixture.Client).TotalWorkers.GetValueOrDefault().ShouldBeGreaterThanOrEqualTo(1);
        WorkspaceStatisticsResource.Fetch(Ws, client: fixture.Client).Cumulative.ToString()!.ShouldContain("tasks_completed");
        TaskQueueBulkRealTimeStatisticsResource.Create(new CreateTaskQueueBulkRealTimeStatisticsOptions(Ws), fixture.Client).TaskQueueResponseCount.GetValueOrDefault().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void RejectedReservation_ReturnsTheTaskToTheQueue_AndCanceledAndDeletedTasksEnd()
    {
        var (worker, _, workflow, skill) = Route();
        var offline = ActivityResource.Read(Ws, friendlyName: "Offline", client: fixture.Client).Single();

        var task = TaskResource.Create(Ws, attributes: $$"""{"type":"{{skill}}"}""", workflowSid: workflow.Sid, client: fixture.Client);
        var reservation = TaskReservation.Read(Ws, task.Sid, client: fixture.Client).Single();
        var rejected = TaskReservation.Update(Ws, task.Sid, reservation.Sid, reservationStatus: TaskReservation.StatusEnum.Rejected, workerActivitySid: offline.Sid, client: fixture.Client);
        rejected.ReservationStatus.ShouldBe(TaskReservation.StatusEnum.Rejected);
        WorkerResource.Fetch(Ws, worker.Sid, client: fixture.Client).ActivityName.ShouldBe("Offline");
        TaskResource.Fetch(Ws, task.Sid, client: fixture.Client).AssignmentStatus.ShouldBe(TaskResource.StatusEnum.Pending);

        var canceled = TaskResource.Update(Ws, task.Sid, assignmentStatus: TaskResource.StatusEnum.Canceled, reason: "customer hung up", client: fixture.Client);
        canceled.AssignmentStatus.ShouldBe(TaskResource.StatusEnum.Canceled);

        var other = TaskResource.Create(Ws, attributes: $$"""{"type":"{{skill}}"}""", workflowSid: workflow.Sid, client: fixture.Client);
        TaskResource.Delete(Ws, other.Sid, client: fixture.Client).ShouldBeTrue();
        EventResource.Read(Ws, taskSid: other.Sid, eventType: "task.deleted", client: fixture.Client).ShouldHaveSingleItem();
    }

    [Fact]
    public void Lists_ApplyEveryFilter_AndPagesAreFollowedToTheEnd()
    {
        var (worker, queue, workflow, skill) = Route(workers: 7);
        var tasks = Enumerable.Range(0, 5)
            .Select(i => TaskResource.Create(Ws, attributes: $$"""{"type":"{{skill}}","n":{{i}}}""", workflowSid: workflow.Sid, priority: i, client: fixture.Client))
            .ToList();

        var skilled = WorkerResource.Read(Ws, targetWorkersExpression: $"skills HAS '{skill}'", pageSize: 3, client: fixture.Client).ToList();
        skilled.Count.ShouldBe(7);
        WorkerResource.Read(Ws, taskQueueSid: queue.Sid, client: fixture.Client).Count().ShouldBe(7);
        WorkerResource.Read(Ws, friendlyName: worker.FriendlyName, client: fixture.Client).Single().Sid.ShouldBe(worker.Sid);
        WorkerResource.Read(Ws, activityName: "Available", available: "true", targetWorkersExpression: $"skills HAS '{skill}' AND level >= 5", client: fixture.Client)
            .Select(w => w.FriendlyName).Order().ShouldBe([$"{skill}-agent5", $"{skill}-agent6"]);

        var newestFirst = WorkerResource.Read(Ws, targetWorkersExpression: $"skills HAS '{skill}'", ordering: "DateCreated:desc", client: fixture.Client).ToList();
        newestFirst.Select(w => w.Sid).ShouldBe(skilled.Select(w => w.Sid), ignoreOrder: true);
        newestFirst.Select(w => w.DateCreated).ShouldBeInOrder(SortDirection.Descending);
        WorkerResource.Read(Ws, activitySid: worker.ActivitySid, taskQueueName: queue.FriendlyName, client: fixture.Client).Count().ShouldBe(7);
        TaskResource.Read(Ws, hasAddons: false, taskQueueName: queue.FriendlyName, client: fixture.Client).Count().ShouldBe(5);
        TaskResource.Read(Ws, hasAddons: true, taskQueueName: queue.FriendlyName, client: fixture.Client).ShouldBeEmpty();
        EventResource.Read(Ws, taskSid: tasks[0].Sid, startDate: DateTime.UtcNow.AddMinutes(-5), endDate: DateTime.UtcNow.AddMinutes(1), client: fixture.Client).Count().ShouldBe(5);
        EventResource.Read(Ws, taskSid: tasks[0].Sid, endDate: DateTime.UtcNow.AddMinutes(-5), client: fixture.Client).ShouldBeEmpty();
        var firstPage = WorkerResource.Read(Ws, targetWorkersExpression: $"skills HAS '{skill}'", pageSize: 3, limit: 3, client: fixture.Client).ToList();
        firstPage.Count.ShouldBe(3);

        TaskResource.Read(Ws, evaluateTaskAttributes: $"type == '{skill}'", ordering: "Priority:desc", client: fixture.Client)
            .Select(t => t.Priority).ShouldBe([4, 3, 2, 1, 0]);
        TaskResource.Read(Ws, assignmentStatus: ["reserved"], taskQueueSid: queue.Sid, workflowSid: workflow.Sid, pageSize: 2, client: fixture.Client)
            .Count().ShouldBe(5);
        TaskResource.Read(Ws, assignmentStatus: ["pending", "assigned"], evaluateTaskAttributes: $"type == '{skill}'", client: fixture.Client).ShouldBeEmpty();
        TaskResource.Read(Ws, priority: 3, workflowName: workflow.FriendlyName, client: fixture.Client).Single().Sid.ShouldBe(tasks[3].Sid);

        TaskQueueResource.Read(Ws, evaluateWorkerAttributes: $$"""{"skills":["{{skill}}"]}""", client: fixture.Client).Select(q => q.Sid).ShouldContain(queue.Sid);
        TaskQueueResource.Read(Ws, evaluateWorkerAttributes: """{"skills":["nothing"]}""", client: fixture.Client).Select(q => q.Sid).ShouldNotContain(queue.Sid);
        TaskQueueResource.Read(Ws, workerSid: worker.Sid, client: fixture.Client).Select(q => q.Sid).ShouldContain(queue.Sid);
        TaskQueueResource.Read(Ws, friendlyName: queue.FriendlyName, client: fixture.Client).Single().Sid.ShouldBe(queue.Sid);
        WorkflowResource.Read(Ws, friendlyName: workflow.FriendlyName, client: fixture.Client).Single().Sid.ShouldBe(workflow.Sid);
        ActivityResource.Read(Ws, available: "true", client: fixture.Client).Select(a => a.FriendlyName).ShouldBe(["Available"]);
        TaskChannelResource.Read(Ws, client: fixture.Client).Select(c => c.UniqueName).ShouldBe(["default", "voice", "chat", "sms"], ignoreOrder: true);
        WorkerChannelResource.Read(Ws, worker.Sid, client: fixture.Client).Count().ShouldBe(4);

        var reserved = TaskReservation.Read(Ws, tasks[0].Sid, reservationStatus: TaskReservation.StatusEnum.Pending, client: fixture.Client).Single();
        TaskReservation.Read(Ws, tasks[0].Sid, workerSid: reserved.WorkerSid, client: fixture.Client).Single().Sid.ShouldBe(reserved.Sid);
        EventResource.Read(Ws, taskSid: tasks[0].Sid, client: fixture.Client).Select(e => e.EventType)
            .ShouldBe(["task.created", "workflow.entered", "task-queue.entered", "workflow.target-matched", "reservation.created"]);
        EventResource.Read(Ws, eventType: "reservation.created", taskQueueSid: queue.Sid, pageSize: 2, client: fixture.Client).Count().ShouldBe(5);
    }

    [Fact]
    public void ConfigurationResources_AreCreatedUpdatedAndDeleted()
    {
        var activity = ActivityResource.Create(Ws, "Lunch" + Guid.NewGuid().ToString("N")[..6], available: false, client: fixture.Client);
        activity.Available.ShouldBe(false);
        ActivityResource.Update(Ws, activity.Sid, friendlyName: activity.FriendlyName + "!", client: fixture.Client).FriendlyName.ShouldEndWith("!");
        ActivityResource.Delete(Ws, activity.Sid, client: fixture.Client).ShouldBeTrue();

        var unique = "email" + Guid.NewGuid().ToString("N")[..6];
        var channel = TaskChannelResource.Create(Ws, "Email", unique, channelOptimizedRouting: true, client: fixture.Client);
        channel.ChannelOptimizedRouting.ShouldBe(true);
        TaskChannelResource.Fetch(Ws, unique, client: fixture.Client).Sid.ShouldBe(channel.Sid);
        TaskChannelResource.Update(Ws, channel.Sid, friendlyName: "E-mail", client: fixture.Client).FriendlyName.ShouldBe("E-mail");
        TaskChannelResource.Delete(Ws, channel.Sid, client: fixture.Client).ShouldBeTrue();

        var worker = WorkerResource.Create(Ws, "temp" + Guid.NewGuid().ToString("N")[..6], client: fixture.Client);
        WorkerChannelResource.Update(Ws, worker.Sid, "voice", capacity: 0, client: fixture.Client).ConfiguredCapacity.ShouldBe(0);
        WorkerResource.Update(Ws, worker.Sid, attributes: """{"languages":["es"]}""", client: fixture.Client).Attributes.ShouldBe("""{"languages":["es"]}""");
        WorkerResource.Delete(Ws, worker.Sid, client: fixture.Client).ShouldBeTrue();

        var queue = TaskQueueResource.Create(Ws, "temp queue " + Guid.NewGuid().ToString("N")[..6], taskOrder: TaskQueueResource.TaskOrderEnum.Lifo, maxReservedWorkers: 3, client: fixture.Client);
        queue.TaskOrder.ShouldBe(TaskQueueResource.TaskOrderEnum.Lifo);
        TaskQueueResource.Update(Ws, queue.Sid, targetWorkers: "languages HAS 'es'", client: fixture.Client).TargetWorkers.ShouldBe("languages HAS 'es'");
        TaskQueueResource.Delete(Ws, queue.Sid, client: fixture.Client).ShouldBeTrue();
    }

    [Fact]
    public void Errors_SurfaceAsApiExceptions_WithTwilioCodes()
    {
        var (_, _, workflow, skill) = Route();

        var missing = Should.Throw<ApiException>(() => TaskResource.Fetch(Ws, "WT" + new string('0', 32), client: fixture.Client));
        (missing.Status, missing.Code).ShouldBe((404, 20404));

        var badExpression = Should.Throw<ApiException>(() => TaskResource.Read(Ws, evaluateTaskAttributes: "type IN", client: fixture.Client).ToList());
        (badExpression.Status, badExpression.Code).ShouldBe((400, 20001));
        badExpression.Message.ShouldContain("EvaluateTaskAttributes");
        badExpression.Message.ShouldContain("column");

        var badPriority = Should.Throw<ApiException>(() => TaskResource.Create(Ws, workflowSid: workflow.Sid, priority: -1, client: fixture.Client));
        (badPriority.Status, badPriority.Code).ShouldBe((400, 20001));
        badPriority.Message.ShouldContain("Priority");

        var task = TaskResource.Create(Ws, attributes: $$"""{"type":"{{skill}}"}""", workflowSid: workflow.Sid, client: fixture.Client);
        var stale = Should.Throw<ApiException>(() => TaskResource.Update(Ws, task.Sid, priority: 9, ifMatch: "\"999\"", client: fixture.Client));
        stale.Status.ShouldBe(412);
        var transition = Should.Throw<ApiException>(() => TaskResource.Update(Ws, task.Sid, assignmentStatus: TaskResource.StatusEnum.Completed, client: fixture.Client));
        (transition.Status, transition.Code).ShouldBe((400, 20001));
        transition.Message.ShouldContain("reserved");

        var wrongToken = Should.Throw<ApiException>(() => WorkspaceResource.Fetch(Ws, client: fixture.ClientFor(fixture.Credential.AccountSid, new string('f', 32))));
        (wrongToken.Status, wrongToken.Code).ShouldBe((401, 20003));

        var otherCompany = Should.Throw<ApiException>(() => TaskResource.Fetch(Ws, task.Sid, client: fixture.ClientFor(fixture.OtherCompany.AccountSid, fixture.OtherCompany.AuthToken)));
        (otherCompany.Status, otherCompany.Code).ShouldBe((404, 20404));
        WorkspaceResource.Read(client: fixture.ClientFor(fixture.OtherCompany.AccountSid, fixture.OtherCompany.AuthToken)).Select(w => w.Sid).ShouldNotContain(Ws);
    }
}
