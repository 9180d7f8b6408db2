using Microsoft.Extensions.Logging.Abstractions;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Simulation;

public sealed class DemoSimulatorTests
{
    [Fact]
    public void TwentyMinutesOfDemo_RoutesAndFinishesWorkWithinEveryWorkersCapacity()
    {
        using var w = new WorkspaceBuilder();
        DemoWorkspace.Seed(w.Engine, workerCount: 60, seed: 7);
        var simulator = new DemoSimulator(w.Engine, tasksPerMinute: 30, seed: 7, NullLogger.Instance);

        for (var second = 0; second < 20 * 60; second++)
        {
            w.Clock.Advance(TimeSpan.FromSeconds(1));
            simulator.Step();
            if (second % 60 == 0)
            {
                AssertCapacityRespected(w.Engine);
            }
        }

        var events = w.Engine.GetEvents();
        events.Count(e => e.EventType == EventTypes.TaskCreated).ShouldBe(600, "30 a minute for 20 minutes, never held back by the backlog ceiling");
        events.Count(e => e.EventType == EventTypes.TaskCompleted).ShouldBeGreaterThan(400);
        events.Count(e => e.EventType == EventTypes.ReservationRejected).ShouldBeGreaterThan(0);
        events.ShouldContain(e => e.EventType == EventTypes.WorkerActivityUpdate && e.Data["WorkerActivityName"] == "Break");
        var queues = w.Engine.GetTaskQueues().Select(q => q.FriendlyName).ToList();
        queues.ShouldBe([DemoWorkspace.VoiceQueue, DemoWorkspace.TextsQueue, DemoWorkspace.ChatQueue, DemoWorkspace.CaseReviewQueue, DemoWorkspace.UrgentQueue]);
        foreach (var queue in w.Engine.GetTaskQueues())
        {
            events.ShouldContain(e => e.EventType == EventTypes.TaskCompleted && e.TaskQueueSid == queue.Sid, queue.FriendlyName);
        }
    }

    [Fact]
    public void Seed_OnAWorkspaceWithQueues_ChangesNothing()
    {
        using var w = new WorkspaceBuilder();
        DemoWorkspace.Seed(w.Engine, workerCount: 5, seed: 1);

        DemoWorkspace.Seed(w.Engine, workerCount: 5, seed: 1);

        w.Engine.GetWorkers().Count.ShouldBe(5);
        w.Engine.GetTaskQueues().Count.ShouldBe(5);
    }

    [Fact]
    public void RandomTask_UsesTheSeedVocabulary()
    {
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var attributes = Attributes.Parse(DemoWorkspace.RandomTask(random, []).Attributes!);
            CrmVocabulary.TaskTypes.ShouldContain(attributes.GetProperty(CrmVocabulary.TaskTypeKey).GetString()!);
            if (attributes.TryGetProperty(CrmVocabulary.CaseTypeKey, out var caseType))
            {
                CrmVocabulary.CaseTypes.ShouldContain(caseType.GetString()!);
            }
        }
    }

    private static void AssertCapacityRespected(TaskRouterEngine engine)
    {
        foreach (var worker in engine.GetWorkers())
        {
            foreach (var group in engine.GetWorkerReservations(worker.Sid).Where(r => r.ReservationStatus.HoldsCapacity()).GroupBy(r => r.TaskChannelUniqueName))
            {
                group.Count().ShouldBeLessThanOrEqualTo(worker.ChannelCapacity[group.Key], $"{worker.FriendlyName} on {group.Key}");
            }
        }
    }
}
