using Microsoft.Extensions.Time.Testing;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

/// <summary>An engine on a fake clock, with helpers that build a workspace the way a TaskRouter user would.</summary>
internal sealed class WorkspaceBuilder : IDisposable
{
    public WorkspaceBuilder(string? storePath = null, DateTimeOffset? start = null)
    {
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        StorePath = storePath;
        Engine = TaskRouterEngine.Open("Test", "AC00000000000000000000000000000001", Clock, storePath is null ? null : new EngineStore(storePath));
        Events = Engine.Subscribe();
    }

    public FakeTimeProvider Clock { get; }

    public string? StorePath { get; }

    public TaskRouterEngine Engine { get; private set; }

    public EventSubscription Events { get; private set; }

    public string Available => Activity("Available");

    public string Offline => Activity("Offline");

    public string Break => Activity("Break");

    public string Activity(string name) => Engine.GetActivities().Single(a => a.FriendlyName == name).Sid;

    public TaskQueueInfo Queue(string name, string targetWorkers = "1==1", TaskOrder order = TaskOrder.Fifo, int maxReserved = 1) =>
        Engine.CreateTaskQueue(new TaskQueueSettings(name, targetWorkers, order, maxReserved)).GetValueOrThrow();

    public WorkerInfo Worker(string name, string attributes = "{}", bool available = true) =>
        Engine.CreateWorker(name, attributes, available ? Available : Offline).GetValueOrThrow();

    public WorkflowInfo Workflow(string configuration, int reservationTimeout = 120) =>
        Engine.CreateWorkflow(new WorkflowSettings("Flow", configuration, reservationTimeout)).GetValueOrThrow();

    /// <summary>A workflow sending every task to one queue.</summary>
    public WorkflowInfo SingleQueueWorkflow(TaskQueueInfo queue, int reservationTimeout = 120) =>
        Workflow($$$$"""{"task_routing":{"filters":[],"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""", reservationTimeout);

    public TaskInfo Task(string attributes = "{}", int? priority = null, string? workflowSid = null, int? timeout = null, string? channel = null) =>
        Engine.CreateTask(new NewTask(attributes, workflowSid, priority, timeout, channel)).GetValueOrThrow();

    public TaskInfo Get(TaskInfo task) => Engine.GetTask(task.Sid)!;

    public IReadOnlyList<ReservationInfo> Reservations(TaskInfo task) => Engine.GetTaskReservations(task.Sid);

    public ReservationInfo PendingReservation(TaskInfo task) => Reservations(task).Single(r => r.ReservationStatus == ReservationStatus.Pending);

    public ReservationInfo Accept(TaskInfo task) =>
        Engine.UpdateReservation(task.Sid, Reservations(task).First(r => r.ReservationStatus == ReservationStatus.Pending).Sid, new ReservationUpdate(ReservationStatus.Accepted)).GetValueOrThrow();

    public void SetActivity(WorkerInfo worker, string activitySid) =>
        Engine.UpdateWorker(worker.Sid, new WorkerSettings(ActivitySid: activitySid)).GetValueOrThrow();

    public List<TaskRouterEvent> DrainEvents()
    {
        var list = new List<TaskRouterEvent>();
        while (Events.Reader.TryRead(out var evt))
        {
            list.Add(evt);
        }

        return list;
    }

    /// <summary>Stops the engine as a crash would (nothing flushed beyond what commands committed) and opens it again.</summary>
    public void Restart(TimeSpan downtime)
    {
        Events.Dispose();
        Engine.Dispose();
        Clock.Advance(downtime);
        Engine = TaskRouterEngine.Open("Test", "AC00000000000000000000000000000001", Clock, new EngineStore(StorePath!));
        Events = Engine.Subscribe();
    }

    public void Dispose()
    {
        Events.Dispose();
        Engine.Dispose();
    }
}
