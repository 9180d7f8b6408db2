namespace TaskConsole.Core.Domain;

// TaskRouter's statistics objects (TaskQueue and Worker RealTime/Cumulative), computed by the embedded engine
// from its own state and event history.

public sealed record ActivityStatistic(string Sid, string FriendlyName, int Workers);

public sealed record QueueRealTimeStatistics(
    string TaskQueueSid,
    long LongestTaskWaitingAge,
    string? LongestTaskWaitingSid,
    long LongestRelativeTaskAgeInQueue,
    string? LongestRelativeTaskSidInQueue,
    IReadOnlyDictionary<string, int> TasksByStatus,
    IReadOnlyDictionary<string, int> TasksByPriority,
    int TotalTasks,
    int TotalAvailableWorkers,
    int TotalEligibleWorkers,
    IReadOnlyList<ActivityStatistic> ActivityStatistics);

/// <summary>Durations in whole seconds, as Twilio reports them.</summary>
public sealed record DurationStatistic(long Avg, long Min, long Max, long Total)
{
    public static readonly DurationStatistic Zero = new(0, 0, 0, 0);

    public static DurationStatistic Of(IReadOnlyCollection<double> seconds) => seconds.Count == 0
        ? Zero
        : new DurationStatistic((long)Math.Round(seconds.Average()), (long)seconds.Min(), (long)seconds.Max(), (long)Math.Round(seconds.Sum()));
}

public sealed record WaitTimeSplit(int TasksCanceled, int ReservationsAccepted);

public sealed record WaitTimeBucket(WaitTimeSplit Below, WaitTimeSplit Above);

public readonly record struct ReservationCounts(int Created, int Accepted, int Rejected, int TimedOut, int Canceled, int Rescinded);

public sealed record QueueCumulativeStatistics(
    string TaskQueueSid,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    int TasksEntered,
    int TasksCanceled,
    int TasksCompleted,
    int TasksDeleted,
    int TasksMoved,
    ReservationCounts Reservations,
    long AvgTaskAcceptanceTime,
    DurationStatistic WaitDurationUntilAccepted,
    DurationStatistic WaitDurationUntilCanceled,
    DurationStatistic WaitDurationInQueueUntilAccepted,
    IReadOnlyDictionary<int, WaitTimeBucket> SplitByWaitTime);

public readonly record struct ActivityDuration(string Sid, string FriendlyName, long Avg, long Min, long Max, long Total);

public sealed record WorkerCumulativeStatistics(
    string WorkerSid,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    ReservationCounts Reservations,
    int TasksCompleted,
    IReadOnlyList<ActivityDuration> ActivityDurations);

public sealed record WorkersRealTimeStatistics(int TotalWorkers, IReadOnlyList<ActivityStatistic> ActivityStatistics);

/// <summary>Queue-shaped totals over the whole workspace (its TaskQueueSid is the workspace's SID), with the workspace-only counts.</summary>
public sealed record WorkspaceCumulativeStatistics(QueueCumulativeStatistics Totals, int TasksCreated, int TasksTimedOutInWorkflow);
