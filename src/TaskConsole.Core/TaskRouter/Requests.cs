using TaskConsole.Core.Domain;

namespace TaskConsole.Core.TaskRouter;

// Command parameters, named as Twilio names them. A null member means "leave unchanged" (or "use the default" on create).

public sealed record WorkspaceSettings(
    string? FriendlyName = null,
    string? DefaultActivitySid = null,
    string? TimeoutActivitySid = null,
    string? EventCallbackUrl = null,
    string? EventsFilter = null,
    bool? MultiTaskEnabled = null,
    TaskOrder? PrioritizeQueueOrder = null);

public sealed record WorkerSettings(
    string? FriendlyName = null,
    string? Attributes = null,
    string? ActivitySid = null,
    bool RejectPendingReservations = false,
    string? IfMatch = null);

public sealed record TaskQueueSettings(
    string? FriendlyName = null,
    string? TargetWorkers = null,
    TaskOrder? TaskOrder = null,
    int? MaxReservedWorkers = null,
    string? ReservationActivitySid = null,
    string? AssignmentActivitySid = null);

public sealed record WorkflowSettings(
    string? FriendlyName = null,
    string? Configuration = null,
    int? TaskReservationTimeout = null,
    string? AssignmentCallbackUrl = null,
    string? FallbackAssignmentCallbackUrl = null,
    bool ReEvaluateTasks = false);

public sealed record NewTask(
    string? Attributes = null,
    string? WorkflowSid = null,
    int? Priority = null,
    int? Timeout = null,
    string? TaskChannel = null,
    DateTimeOffset? VirtualStartTime = null);

public sealed record TaskUpdate(
    string? Attributes = null,
    TaskAssignmentStatus? AssignmentStatus = null,
    string? Reason = null,
    int? Priority = null,
    DateTimeOffset? VirtualStartTime = null,
    string? IfMatch = null);

public sealed record ReservationUpdate(
    ReservationStatus ReservationStatus,
    string? WorkerActivitySid = null,
    string? IfMatch = null);
