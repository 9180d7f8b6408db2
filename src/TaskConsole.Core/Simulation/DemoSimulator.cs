using Microsoft.Extensions.Logging;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Simulation;

/// <summary>
/// Plays a contact centre against an embedded workspace: the CRM creates tasks at a steady rate, and agents accept
/// (now and then reject) their reservations, talk, wrap up, complete, take breaks and come back.
/// Durations are drawn from each reservation's and task's SID, so the same run replays the same way.
/// </summary>
public sealed class DemoSimulator(TaskRouterEngine engine, double tasksPerMinute, int seed, ILogger logger)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly Random _random = new(seed);
    private double _owedTasks;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, engine.Time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                Step();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>One second of the contact centre.</summary>
    public void Step()
    {
        var now = engine.Time.GetUtcNow();
        var workers = engine.GetWorkers();
        var tasks = engine.GetTasks();
        CreateTasks(workers, tasks.Count(t => !t.AssignmentStatus.IsTerminated()));
        foreach (var task in tasks)
        {
            switch (task.AssignmentStatus)
            {
                case TaskAssignmentStatus.Reserved:
                    AnswerReservations(task, now);
                    break;
                case TaskAssignmentStatus.Assigned when now - task.DateAssigned >= HandleTime(task):
                    Report(engine.UpdateTask(task.Sid, task.TaskChannelUniqueName == "voice"
                        ? new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Wrapping)
                        : new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: "Resolved")).Error);
                    break;
                case TaskAssignmentStatus.Wrapping when now - task.DateUpdated >= Seconds(task.Sid, 4, 12):
                    Report(engine.UpdateTask(task.Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: "Resolved")).Error);
                    break;
            }
        }

        MoveAgents(workers, now);
    }

    private void CreateTasks(IReadOnlyList<WorkerInfo> workers, int activeTasks)
    {
        _owedTasks += tasksPerMinute * Tick.TotalMinutes;
        // A backlog of a few tasks per agent is a busy day; beyond it the demo would only pile up work.
        var ceiling = Math.Max(20, workers.Count * 3);
        while (_owedTasks >= 1)
        {
            _owedTasks--;
            if (activeTasks++ < ceiling)
            {
                var workflow = engine.GetWorkflows().FirstOrDefault(w => w.FriendlyName == DemoWorkspace.WorkflowName)?.Sid;
                Report(engine.CreateTask(DemoWorkspace.RandomTask(_random, workers) with { WorkflowSid = workflow }).Error);
            }
        }
    }

    private void AnswerReservations(TaskInfo task, DateTimeOffset now)
    {
        foreach (var reservation in engine.GetTaskReservations(task.Sid))
        {
            if (reservation.ReservationStatus != ReservationStatus.Pending || now - reservation.DateCreated < Seconds(reservation.Sid, 2, 9))
            {
                continue;
            }

            var reject = Hash(reservation.Sid) % 100 < 6;
            Report(engine.UpdateReservation(task.Sid, reservation.Sid, new ReservationUpdate(reject ? ReservationStatus.Rejected : ReservationStatus.Accepted)).Error);
            if (!reject)
            {
                return;
            }
        }
    }

    private void MoveAgents(IReadOnlyList<WorkerInfo> workers, DateTimeOffset now)
    {
        var activities = engine.GetActivities().ToDictionary(a => a.FriendlyName, a => a.Sid);
        foreach (var worker in workers)
        {
            var inActivity = now - worker.DateStatusChanged;
            string? next = worker.ActivityName switch
            {
                "Offline" when inActivity >= Seconds(worker.Sid, 20, 60) => "Available",
                "Break" when inActivity >= Seconds(worker.Sid, 60, 240) => "Available",
                "Available" when _random.NextDouble() < 0.002 && engine.GetWorkerReservations(worker.Sid).All(r => !r.ReservationStatus.HoldsCapacity()) => "Break",
                _ => null,
            };
            if (next is not null && activities.TryGetValue(next, out var sid))
            {
                Report(engine.UpdateWorker(worker.Sid, new WorkerSettings(ActivitySid: sid)).Error);
            }
        }
    }

    private static TimeSpan HandleTime(TaskInfo task) => task.TaskChannelUniqueName switch
    {
        "voice" => Seconds(task.Sid, 40, 240),
        "chat" => Seconds(task.Sid, 30, 180),
        _ => Seconds(task.Sid, 15, 120),
    };

    private static TimeSpan Seconds(string sid, int min, int max) => TimeSpan.FromSeconds(min + (Hash(sid) % (max - min + 1)));

    private static int Hash(string sid)
    {
        var hash = 17;
        foreach (var c in sid)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & int.MaxValue;
    }

    private void Report(TaskRouterError? error)
    {
        // The agents race the engine's own timers (a reservation can time out as an agent accepts it); that is part of the play.
        if (error is not null && error.Kind != TaskRouterErrorKind.InvalidTransition)
        {
            logger.LogWarning("Simulator action refused: {Message}", error.Message);
        }
    }
}
