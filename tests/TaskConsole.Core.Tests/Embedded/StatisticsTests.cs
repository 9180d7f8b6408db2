using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

/// <summary>
/// One morning in a New York queue, checked against figures worked out by hand. Local midnight is 05:00 UTC,
/// so "today" cuts the morning in two: task A and its reservation belong to yesterday.
/// </summary>
public sealed class StatisticsTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private readonly WorkspaceBuilder _w = new(start: Day.AddHours(4));
    private readonly TaskQueueInfo _queue;
    private readonly WorkerInfo _w1;
    private readonly WorkerInfo _w2;
    private readonly DateTimeOffset _startOfToday;

    public StatisticsTests()
    {
        _queue = _w.Queue("Collections");
        _w.SingleQueueWorkflow(_queue, reservationTimeout: 3600);
        _w1 = _w.Worker("w1");
        _w2 = _w.Worker("w2", available: false);

        At(4, 50);
        var a = _w.Task();
        _w.SetActivity(_w2, _w.Available);
        At(4, 55);
        _w.Accept(a);

        At(5, 10);
        var b = _w.Task();
        At(5, 10, 20);
        _w.Accept(b);
        At(5, 15);
        Complete(b);
        _w.SetActivity(_w2, _w.Break);

        At(5, 20);
        var c = _w.Task(timeout: 60);
        At(5, 21);
        _w.Get(c).Reason.ShouldBe("Task TTL Exceeded");
        At(5, 25);
        _w.SetActivity(_w2, _w.Available);

        At(5, 30);
        var d = _w.Task();
        _w.PendingReservation(d).WorkerSid.ShouldBe(_w2.Sid);
        At(5, 30, 10);
        _w.Engine.UpdateReservation(d.Sid, _w.PendingReservation(d).Sid, new ReservationUpdate(ReservationStatus.Rejected, _w.Break)).GetValueOrThrow();

        At(5, 40);
        Complete(a);
        _w.PendingReservation(d).WorkerSid.ShouldBe(_w1.Sid);
        _w.Accept(d);

        At(6, 30);
        _startOfToday = CompanyCalendar.StartOfToday(_w.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
    }

    [Fact]
    public void StartOfToday_IsLocalMidnightInTheCompanyTimeZone() => _startOfToday.ShouldBe(Day.AddHours(5));

    [Fact]
    public void QueueCumulativeStatistics_Today_MatchTheHandCount()
    {
        var stats = _w.Engine.GetQueueCumulativeStatistics(_queue.Sid, _startOfToday, _w.Clock.GetUtcNow(), [30, 60])!;

        stats.TasksEntered.ShouldBe(3);
        stats.TasksCompleted.ShouldBe(2);
        stats.TasksCanceled.ShouldBe(1);
        stats.TasksDeleted.ShouldBe(0);
        stats.TasksMoved.ShouldBe(0);
        stats.Reservations.ShouldBe(new ReservationCounts(Created: 3, Accepted: 2, Rejected: 1, TimedOut: 0, Canceled: 0, Rescinded: 0));
        stats.AvgTaskAcceptanceTime.ShouldBe(310);
        stats.WaitDurationUntilAccepted.ShouldBe(new DurationStatistic(310, 20, 600, 620));
        stats.WaitDurationInQueueUntilAccepted.ShouldBe(new DurationStatistic(310, 20, 600, 620));
        stats.WaitDurationUntilCanceled.ShouldBe(new DurationStatistic(60, 60, 60, 60));
        stats.SplitByWaitTime[30].ShouldBe(new WaitTimeBucket(Below: new WaitTimeSplit(0, 1), Above: new WaitTimeSplit(1, 1)));
        stats.SplitByWaitTime[60].ShouldBe(new WaitTimeBucket(Below: new WaitTimeSplit(0, 1), Above: new WaitTimeSplit(1, 1)));
    }

    [Fact]
    public void QueueCumulativeStatistics_WholeMorning_IncludesYesterdaysTask()
    {
        var stats = _w.Engine.GetQueueCumulativeStatistics(_queue.Sid, Day.AddHours(4), _w.Clock.GetUtcNow())!;

        stats.TasksEntered.ShouldBe(4);
        stats.Reservations.Created.ShouldBe(4);
        stats.WaitDurationUntilAccepted.ShouldBe(new DurationStatistic(307, 20, 600, 920));
    }

    [Fact]
    public void WorkerCumulativeStatistics_Today_SplitActivityTimeAtMidnight()
    {
        var all = _w.Engine.GetWorkersCumulativeStatistics(_startOfToday, _w.Clock.GetUtcNow());
        var w1 = all[_w1.Sid];
        var w2 = all[_w2.Sid];

        w1.Reservations.ShouldBe(new ReservationCounts(1, 1, 0, 0, 0, 0));
        w1.TasksCompleted.ShouldBe(1);
        Duration(w1, "Available").ShouldBe((5400L, 5400L, 5400L, 5400L));
        Duration(w1, "Break").ShouldBe((0L, 0L, 0L, 0L));

        w2.Reservations.ShouldBe(new ReservationCounts(2, 1, 1, 0, 0, 0));
        w2.TasksCompleted.ShouldBe(1);
        Duration(w2, "Available").ShouldBe((605L, 310L, 900L, 1210L));
        Duration(w2, "Break").ShouldBe((2095L, 600L, 3590L, 4190L));
    }

    [Fact]
    public void WorkerCumulativeStatistics_AskedAgainLater_AddOnlyWhatHappenedSince()
    {
        _w.Engine.GetWorkersCumulativeStatistics(_startOfToday, _w.Clock.GetUtcNow());
        At(6, 40);
        _w.SetActivity(_w2, _w.Available);
        At(6, 45);
        Complete(_w.Engine.GetTasks().Single(t => t.AssignmentStatus == TaskAssignmentStatus.Assigned));
        At(7, 0);

        var all = _w.Engine.GetWorkersCumulativeStatistics(_startOfToday, _w.Clock.GetUtcNow());

        all[_w1.Sid].TasksCompleted.ShouldBe(2);
        Duration(all[_w1.Sid], "Available").ShouldBe((7200L, 7200L, 7200L, 7200L));
        Duration(all[_w2.Sid], "Available").ShouldBe((803L, 310L, 1200L, 2410L));
        Duration(all[_w2.Sid], "Break").ShouldBe((2395L, 600L, 4190L, 4790L));
        all[_w2.Sid].EndTime.ShouldBe(Day.AddHours(7));
    }

    [Fact]
    public void WorkerCumulativeStatistics_AfterAWorkerIsAdded_IncludeTheNewWorker()
    {
        _w.Engine.GetWorkersCumulativeStatistics(_startOfToday, _w.Clock.GetUtcNow());
        var w3 = _w.Worker("w3");
        At(6, 50);

        var all = _w.Engine.GetWorkersCumulativeStatistics(_startOfToday, _w.Clock.GetUtcNow());

        all.Count.ShouldBe(3);
        Duration(all[w3.Sid], "Available").ShouldBe((1200L, 1200L, 1200L, 1200L));
        Duration(all[_w1.Sid], "Available").ShouldBe((6600L, 6600L, 6600L, 6600L));
    }

    [Fact]
    public void WorkerCumulativeStatistics_OfAClosedWindow_IgnoreLaterReservationsButEndIntervalsAtTheWindow()
    {
        _w.Engine.GetWorkersCumulativeStatistics(_startOfToday, _w.Clock.GetUtcNow());

        var untilHalfPastFive = _w.Engine.GetWorkersCumulativeStatistics(_startOfToday, Day.AddHours(5).AddMinutes(30));

        untilHalfPastFive[_w2.Sid].Reservations.ShouldBe(new ReservationCounts(1, 1, 0, 0, 0, 0));
        Duration(untilHalfPastFive[_w2.Sid], "Available").ShouldBe((600L, 300L, 900L, 1200L));
        Duration(untilHalfPastFive[_w1.Sid], "Available").ShouldBe((1800L, 1800L, 1800L, 1800L));
    }

    [Fact]
    public void QueueRealTimeStatistics_CountTasksAndWorkersNow()
    {
        _w.Task(priority: 5);
        var stats = _w.Engine.GetQueueRealTimeStatistics(_queue.Sid)!;

        stats.TasksByStatus["assigned"].ShouldBe(1);
        stats.TasksByStatus["pending"].ShouldBe(1);
        stats.TotalTasks.ShouldBe(2);
        stats.TasksByPriority["5"].ShouldBe(1);
        stats.TotalEligibleWorkers.ShouldBe(2);
        stats.TotalAvailableWorkers.ShouldBe(1);
        stats.ActivityStatistics.Single(a => a.FriendlyName == "Break").Workers.ShouldBe(1);
        stats.LongestTaskWaitingAge.ShouldBe(0);
    }

    public void Dispose() => _w.Dispose();

    private static (long, long, long, long) Duration(WorkerCumulativeStatistics stats, string activity)
    {
        var d = stats.ActivityDurations.Single(a => a.FriendlyName == activity);
        return (d.Avg, d.Min, d.Max, d.Total);
    }

    private void At(int hour, int minute, int second = 0) => _w.Clock.SetUtcNow(Day.AddHours(hour).AddMinutes(minute).AddSeconds(second));

    private void Complete(TaskInfo task) =>
        _w.Engine.UpdateTask(task.Sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: "done")).GetValueOrThrow();
}
