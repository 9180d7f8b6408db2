using System.Text.Json;
using System.Text.Json.Serialization;
using TaskConsole.Core.Expressions;

namespace TaskConsole.Core.Domain;

// Immutable snapshots of TaskRouter resources. The engine replaces them on every change,
// so a snapshot handed out is never modified under the reader.

public sealed record WorkspaceInfo
{
    public required string Sid { get; init; }
    public required string AccountSid { get; init; }
    public required string FriendlyName { get; init; }
    public required string DefaultActivitySid { get; init; }
    public required string TimeoutActivitySid { get; init; }
    public string? EventCallbackUrl { get; init; }
    public string? EventsFilter { get; init; }
    public bool MultiTaskEnabled { get; init; } = true;
    public TaskOrder PrioritizeQueueOrder { get; init; } = TaskOrder.Fifo;
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; init; }
}

public sealed record ActivityInfo
{
    public required string Sid { get; init; }
    public required string FriendlyName { get; init; }
    public required bool Available { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; init; }
}

public sealed record TaskChannelInfo
{
    public required string Sid { get; init; }
    public required string UniqueName { get; init; }
    public required string FriendlyName { get; init; }
    public bool ChannelOptimizedRouting { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; init; }
}

public sealed record WorkerInfo
{
    public required string Sid { get; init; }
    public required string FriendlyName { get; init; }

    public required string Attributes
    {
        get;
        init
        {
            field = value;
            AttributesDocument = AttributeDocument.From(Domain.Attributes.Parse(value));
        }
    }

    /// <summary>The attributes prepared for expressions.</summary>
    [JsonIgnore]
    public AttributeDocument AttributesDocument { get; private init; } = AttributeDocument.Empty;

    [JsonIgnore]
    public JsonElement AttributesJson => AttributesDocument.Json;

    public required string ActivitySid { get; init; }
    public required string ActivityName { get; init; }
    public required bool Available { get; init; }
    public required DateTimeOffset DateStatusChanged { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; init; }

    /// <summary>Configured capacity per task channel unique name.</summary>
    public required IReadOnlyDictionary<string, int> ChannelCapacity { get; init; }

    /// <summary>Per-channel availability switch (WorkerChannel <c>available</c>).</summary>
    public required IReadOnlyDictionary<string, bool> ChannelAvailable { get; init; }

    /// <summary>When the worker last became free for work; routing offers to the longest idle first.</summary>
    public required DateTimeOffset IdleSince { get; init; }

    public int Version { get; init; }
}

public sealed record TaskQueueInfo
{
    public required string Sid { get; init; }
    public required string FriendlyName { get; init; }
    public string TargetWorkers { get; init; } = "1==1";
    public TaskOrder TaskOrder { get; init; } = TaskOrder.Fifo;
    public int MaxReservedWorkers { get; init; } = 1;
    public string? ReservationActivitySid { get; init; }
    public string? AssignmentActivitySid { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; init; }
}

public sealed record WorkflowInfo
{
    public required string Sid { get; init; }
    public required string FriendlyName { get; init; }
    public required string Configuration { get; init; }
    public int TaskReservationTimeout { get; init; } = 120;
    public string? AssignmentCallbackUrl { get; init; }
    public string? FallbackAssignmentCallbackUrl { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; init; }
}

public sealed record TaskInfo
{
    public required string Sid { get; init; }

    public required string Attributes
    {
        get;
        init
        {
            field = value;
            AttributesDocument = AttributeDocument.From(Domain.Attributes.Parse(value));
        }
    }

    /// <summary>The attributes prepared for expressions.</summary>
    [JsonIgnore]
    public AttributeDocument AttributesDocument { get; private init; } = AttributeDocument.Empty;

    [JsonIgnore]
    public JsonElement AttributesJson => AttributesDocument.Json;

    public required TaskAssignmentStatus AssignmentStatus { get; init; }
    public required int Priority { get; init; }
    public string? Reason { get; init; }

    /// <summary>Time to live in seconds before the task must be assigned.</summary>
    public required int Timeout { get; init; }

    public required string WorkflowSid { get; init; }
    public required string TaskChannelSid { get; init; }
    public required string TaskChannelUniqueName { get; init; }
    public string? TaskQueueSid { get; init; }
    public DateTimeOffset? TaskQueueEnteredDate { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; init; }
    public required DateTimeOffset VirtualStartTime { get; init; }

    /// <summary>Index of the matched workflow filter; null while in the default filter.</summary>
    public int? FilterIndex { get; init; }

    public int TargetIndex { get; init; }

    public int AssignmentCount { get; init; }

    public string? LastWorkerSid { get; init; }
    public DateTimeOffset? DateAssigned { get; init; }

    /// <summary>When the current workflow target times out (task-age based); null when it has no timeout.</summary>
    public DateTimeOffset? StepDueAt { get; init; }

    /// <summary>When the TTL cancels a task not yet assigned.</summary>
    public required DateTimeOffset TtlDueAt { get; init; }

    /// <summary>When an assigned or wrapping task is system-deleted (24 h after assignment).</summary>
    public DateTimeOffset? AssignedDueAt { get; init; }

    /// <summary>When a terminated task is forgotten, as TaskRouter forgets it five minutes after it ends.</summary>
    public DateTimeOffset? RetainUntil { get; init; }

    public int Version { get; init; }

    public long AgeSeconds(DateTimeOffset now) => (long)Math.Max(0, (now - DateCreated).TotalSeconds);
}

public sealed record ReservationInfo
{
    public required string Sid { get; init; }
    public required string TaskSid { get; init; }
    public required string WorkerSid { get; init; }
    public required string WorkerName { get; init; }
    public required ReservationStatus ReservationStatus { get; init; }
    public required string TaskQueueSid { get; init; }
    public required string TaskChannelUniqueName { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public required DateTimeOffset DateUpdated { get; init; }
    public DateTimeOffset? TimeoutDueAt { get; init; }
    public int Version { get; init; }
}
