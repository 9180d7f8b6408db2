namespace TaskConsole.Core.TaskRouter;

/// <summary>
/// One TaskRouter event as Twilio delivers it: <see cref="Data"/> holds the callback parameters
/// (EventType, ResourceSid, TaskAttributes, TimestampMs…). The typed properties repeat what statistics and history need.
/// </summary>
public sealed record TaskRouterEvent
{
    public required string Sid { get; init; }
    public required long Sequence { get; init; }
    public required string EventType { get; init; }
    public required string ResourceType { get; init; }
    public required string ResourceSid { get; init; }
    public required string Description { get; init; }
    public required string WorkspaceSid { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required IReadOnlyDictionary<string, string> Data { get; init; }

    public string? TaskSid { get; init; }
    public string? TaskStatus { get; init; }
    public string? WorkerSid { get; init; }
    public string? ReservationSid { get; init; }
    public string? TaskQueueSid { get; init; }
    public string? WorkflowSid { get; init; }
    public string? TaskChannel { get; init; }

    /// <summary>Seconds since the task was created, at the time of the event.</summary>
    public double? TaskAgeSeconds { get; init; }

    /// <summary>Seconds since the task entered its current queue, at the time of the event.</summary>
    public double? QueueWaitSeconds { get; init; }

    /// <summary>For worker.activity.update: the activity left and the seconds spent in it.</summary>
    public string? PreviousActivitySid { get; init; }

    public double? PreviousActivitySeconds { get; init; }

    public long TimestampMs => Timestamp.ToUnixTimeMilliseconds();
}
