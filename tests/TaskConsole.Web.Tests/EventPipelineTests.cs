using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Data;
using TaskConsole.Web.Events;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web;

public sealed class EventPipelineTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-pipeline-").FullName;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task EndedTask_IsRecordedOnceWithItsTimeline_AndPublishedAfterward(string provider)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var factory = new TaskConsoleFactory(_data, await TestDatabase.SettingsAsync(provider));
        var engine = factory.Services.GetRequiredService<EmbeddedWorkspaces>().Clients.Single(c => c.Company.Id == "demo").Engine;
        var broadcaster = factory.Services.GetRequiredService<TaskEventBroadcaster>();
        var pipeline = factory.Services.GetRequiredService<TaskEventPipeline>();
        factory.CreateClient().Dispose();

        var task = engine.CreateTask(new NewTask("""{"taskType":"replyToNewText","caseType":"collection","caseId":"CS-7","language":"en"}""", TaskChannel: "sms")).GetValueOrThrow();
        var completed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var recordedWhenPublished = false;
        using var subscription = broadcaster.Subscribe("demo", evt =>
        {
            if (evt.EventType == EventTypes.TaskCompleted && evt.TaskSid == task.Sid)
            {
                using var scope = factory.Services.CreateScope();
                recordedWhenPublished = scope.ServiceProvider.GetRequiredService<TaskConsoleDbContext>().TaskHistory.Any(h => h.TaskSid == task.Sid);
                completed.TrySetResult(true);
            }
        });
        var reservation = engine.GetTaskReservations(task.Sid).Single();
        engine.UpdateReservation(task.Sid, reservation.Sid, new ReservationUpdate(ReservationStatus.Accepted)).GetValueOrThrow();
        engine.UpdateTask(task.Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: "Customer answered")).GetValueOrThrow();

        await completed.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellation);

        recordedWhenPublished.ShouldBeTrue("history is persisted before the event is published");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskConsoleDbContext>();
        var record = await db.TaskHistory.SingleAsync(h => h.TaskSid == task.Sid, cancellation);
        record.CompanyId.ShouldBe("demo");
        record.Outcome.ShouldBe("completed");
        record.EndedBy.ShouldBe(EventTypes.TaskCompleted);
        record.Reason.ShouldBe("Customer answered");
        record.TaskType.ShouldBe("replyToNewText");
        record.CaseType.ShouldBe("collection");
        record.CaseId.ShouldBe("CS-7");
        record.TaskQueueName.ShouldBe("Texts");
        record.LastWorkerSid.ShouldBe(reservation.WorkerSid);
        record.LastWorkerName.ShouldBe(reservation.WorkerName);
        record.AssignedAt.ShouldNotBeNull();
        var timeline = await db.TaskTimeline.Where(t => t.TaskSid == task.Sid).OrderBy(t => t.Id).Select(t => t.EventType).ToListAsync(cancellation);
        timeline.ShouldBe([
            EventTypes.TaskCreated, EventTypes.WorkflowEntered, EventTypes.TaskQueueEntered, EventTypes.WorkflowTargetMatched,
            EventTypes.ReservationCreated, EventTypes.ReservationAccepted, EventTypes.TaskCompleted, EventTypes.ReservationCompleted,
        ]);

        var again = await pipeline.IngestAsync("demo", engine.GetEvents().Where(e => e.TaskSid == task.Sid).ToList(), cancellation);

        again.ShouldBeEmpty();
        (await db.TaskHistory.CountAsync(h => h.TaskSid == task.Sid, cancellation)).ShouldBe(1);
        (await db.TaskTimeline.CountAsync(t => t.TaskSid == task.Sid, cancellation)).ShouldBe(timeline.Count);
    }

    [Fact]
    public async Task InvalidEvents_AreDroppedWithoutStoppingTheBatch()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var factory = new TaskConsoleFactory(_data);
        var pipeline = factory.Services.GetRequiredService<TaskEventPipeline>();
        factory.CreateClient().Dispose();
        var good = new TaskRouterEvent
        {
            Sid = Sids.New(Sids.Event),
            Sequence = 0,
            EventType = EventTypes.WorkerActivityUpdate,
            ResourceType = "Worker",
            ResourceSid = Sids.New(Sids.Worker),
            Description = "test",
            WorkspaceSid = Sids.New(Sids.Workspace),
            Timestamp = DateTimeOffset.UtcNow,
            Data = new Dictionary<string, string>(),
        };

        var fresh = await pipeline.IngestAsync("northwind", [good with { Sid = "not-a-sid" }, good with { TaskSid = "WTbad" }, good], cancellation);

        fresh.ShouldBe([good]);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
