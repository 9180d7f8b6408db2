using System.Text.Json;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

public sealed class RecoveryTests : IDisposable
{
    private static readonly TimeSpan Downtime = TimeSpan.FromMinutes(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("taskconsole-recovery-").FullName;

    [Fact]
    public void Reopen_AfterAStopMidRun_RestoresEveryResourceAndResumesTimersWithTheirRemainingTime()
    {
        using var w = new WorkspaceBuilder(Path.Combine(_directory, "workspace.db"));
        var queue = w.Queue("Q", "skills HAS 'support'", maxReserved: 2);
        w.Workflow($$$$"""{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"{{{{queue.Sid}}}}","timeout":600}]}]}}""", reservationTimeout: 120);
        var workers = Enumerable.Range(0, 3).Select(i => w.Worker($"agent{i}", """{"skills":["support"]}""")).ToArray();
        var assigned = w.Task("""{"n":1}""");
        w.Accept(assigned);
        w.Clock.Advance(TimeSpan.FromSeconds(50));
        var reserved = w.Task("""{"n":2}""");
        var pending = w.Task("""{"n":3}""", timeout: 300);
        w.Engine.UpdateWorker(workers[2].Sid, new WorkerSettings(Attributes: """{"skills":["support"],"level":2}""")).GetValueOrThrow();
        w.Clock.Advance(TimeSpan.FromSeconds(50));
        w.Engine.UpdateTask(pending.Sid, new TaskUpdate(Priority: 4)).GetValueOrThrow();

        var before = Snapshot(w.Engine);
        var eventsBefore = w.Engine.GetEvents().Count;
        var reservation = w.Reservations(reserved).First(r => r.ReservationStatus == ReservationStatus.Pending);
        var remaining = reservation.TimeoutDueAt!.Value - w.Clock.GetUtcNow();

        w.Restart(Downtime);

        var after = Snapshot(w.Engine);
        after.Keys.Order().ShouldBe(before.Keys.Order());
        foreach (var (sid, expected) in Shift(before, Downtime))
        {
            after[sid].ShouldBe(expected, sid);
        }

        w.Engine.GetEvents().Count.ShouldBe(eventsBefore);
        w.Engine.GetWorkerQueueSids(workers[0].Sid).ShouldBe([queue.Sid]);

        w.Clock.Advance(remaining - TimeSpan.FromSeconds(1));
        w.Engine.GetReservation(reservation.Sid)!.ReservationStatus.ShouldBe(ReservationStatus.Pending);
        w.Clock.Advance(TimeSpan.FromSeconds(1));
        w.Engine.GetReservation(reservation.Sid)!.ReservationStatus.ShouldBe(ReservationStatus.Timeout);
    }

    [Fact]
    public void Reopen_KeepsRoutingNewWork()
    {
        using var w = new WorkspaceBuilder(Path.Combine(_directory, "routing.db"));
        w.SingleQueueWorkflow(w.Queue("Q"));
        var worker = w.Worker("agent");

        w.Restart(TimeSpan.FromSeconds(5));
        var task = w.Task();

        w.PendingReservation(task).WorkerSid.ShouldBe(worker.Sid);
    }

    [Fact]
    public void EveryAcknowledgedCommand_IsInTheStoreWhenItReturns()
    {
        var path = Path.Combine(_directory, "acknowledged.db");
        using var w = new WorkspaceBuilder(path);
        w.SingleQueueWorkflow(w.Queue("Q"));
        w.Worker("agent");
        var tasks = Enumerable.Range(0, 25).Select(i => w.Task($$"""{"n":{{i}}}""")).ToArray();
        w.Accept(tasks[0]);

        // A second reader of the file while the first engine still runs, as after a kill: nothing was flushed on exit.
        using var reader = new EngineStore(path);
        var saved = reader.Load(DateTimeOffset.MinValue);

        saved.Tasks.Select(t => t.Sid).Order().ShouldBe(tasks.Select(t => t.Sid).Order());
        saved.Tasks.Single(t => t.Sid == tasks[0].Sid).AssignmentStatus.ShouldBe(TaskAssignmentStatus.Assigned);
        saved.Events.Count.ShouldBe(w.Engine.GetEvents().Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Dictionary<string, string> Snapshot(TaskRouterEngine engine)
    {
        var all = new Dictionary<string, string>();
        foreach (var task in engine.GetTasks())
        {
            all[task.Sid] = JsonSerializer.Serialize(task);
            foreach (var reservation in engine.GetTaskReservations(task.Sid))
            {
                all[reservation.Sid] = JsonSerializer.Serialize(reservation);
            }
        }

        foreach (var worker in engine.GetWorkers())
        {
            all[worker.Sid] = JsonSerializer.Serialize(worker);
        }

        foreach (var queue in engine.GetTaskQueues())
        {
            all[queue.Sid] = JsonSerializer.Serialize(queue);
        }

        foreach (var workflow in engine.GetWorkflows())
        {
            all[workflow.Sid] = JsonSerializer.Serialize(workflow);
        }

        foreach (var activity in engine.GetActivities())
        {
            all[activity.Sid] = JsonSerializer.Serialize(activity);
        }

        return all;
    }

    /// <summary>What the snapshot must look like after a restart: every running timer later by the downtime.</summary>
    private static Dictionary<string, string> Shift(Dictionary<string, string> snapshot, TimeSpan downtime) => snapshot.ToDictionary(
        pair => pair.Key,
        pair => pair.Key[..2] switch
        {
            Sids.Task => JsonSerializer.Serialize(JsonSerializer.Deserialize<TaskInfo>(pair.Value)! is var t ? t with
            {
                TtlDueAt = t.TtlDueAt + downtime,
                StepDueAt = t.StepDueAt + downtime,
                AssignedDueAt = t.AssignedDueAt + downtime,
                RetainUntil = t.RetainUntil + downtime,
            } : null),
            Sids.Reservation => JsonSerializer.Serialize(JsonSerializer.Deserialize<ReservationInfo>(pair.Value)! is var r ? r with { TimeoutDueAt = r.TimeoutDueAt + downtime } : null),
            _ => pair.Value,
        });
}
