namespace TaskConsole.Web.Data;

// TaskConsole's own records. Times are UTC.

/// <summary>A task that ended: the history TaskRouter does not keep (it forgets a task five minutes after it ends).</summary>
public sealed class TaskHistoryRecord
{
    public long Id { get; set; }
    public required string CompanyId { get; set; }
    public required string TaskSid { get; set; }

    /// <summary><c>completed</c> or <c>canceled</c>.</summary>
    public required string Outcome { get; set; }

    public string? Reason { get; set; }

    /// <summary>The event that ended the task: task.completed, task.canceled, task.deleted or task.system-deleted.</summary>
    public required string EndedBy { get; set; }

    public required string Attributes { get; set; }
    public string? TaskType { get; set; }
    public string? CaseType { get; set; }
    public string? CaseId { get; set; }
    public int Priority { get; set; }
    public string? TaskChannel { get; set; }
    public string? TaskQueueSid { get; set; }
    public string? TaskQueueName { get; set; }
    public string? WorkflowSid { get; set; }
    public string? WorkflowName { get; set; }
    public string? LastWorkerSid { get; set; }
    public string? LastWorkerName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset TerminatedAt { get; set; }

    /// <summary>Seconds from creation to acceptance, or to the end when never accepted.</summary>
    public double WaitSeconds { get; set; }

    /// <summary>Seconds from acceptance to the end; null when never accepted.</summary>
    public double? HandleSeconds { get; set; }

    public string? ClonedFromTaskSid { get; set; }
}

/// <summary>One event in a task's life, in the order TaskRouter emitted it.</summary>
public sealed class TaskTimelineEntry
{
    public long Id { get; set; }
    public required string CompanyId { get; set; }
    public required string TaskSid { get; set; }
    public required string EventSid { get; set; }
    public required string EventType { get; set; }
    public required string Description { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string? TaskStatus { get; set; }
    public string? WorkerSid { get; set; }
    public string? WorkerName { get; set; }
    public string? TaskQueueSid { get; set; }
    public string? TaskQueueName { get; set; }
}

/// <summary>An event already ingested; the pipeline skips a second delivery of the same SID.</summary>
public sealed class ProcessedEvent
{
    public required string CompanyId { get; set; }
    public required string EventSid { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>How far the pipeline has read a company's embedded event stream, to catch up after a restart.</summary>
public sealed class EventCursor
{
    public required string CompanyId { get; set; }
    public long Sequence { get; set; }
}

/// <summary>An API key: bound to one company (or every company for "*") and one role; only a hash of the secret is kept.</summary>
public sealed class ApiKeyRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string CompanyId { get; set; }
    public required string Role { get; set; }

    /// <summary>SHA-256 of the secret part, hex.</summary>
    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One state-changing call: who, where, what, on which targets, with which result. Never updated.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public required string CompanyId { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Targets { get; set; }
    public required string Result { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string CorrelationId { get; set; }
}

/// <summary>The first answer to a POST with an Idempotency-Key, replayed for retries.</summary>
public sealed class IdempotencyRecord
{
    public required string CompanyId { get; set; }
    public required string Key { get; set; }
    public required string Operation { get; set; }
    public int StatusCode { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Whether a user may receive new tasks of a type; no record means yes.</summary>
public sealed class TaskTypeAvailabilityRecord
{
    public required string CompanyId { get; set; }
    public required string UserId { get; set; }
    public required string TaskType { get; set; }
    public bool Available { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>
/// The auth token of an embedded company's TaskRouter API, generated on first run when not configured. It signs
/// event callbacks, so it is kept recoverable: encrypted with ASP.NET Core Data Protection, never in clear.
/// </summary>
public sealed class EmbeddedCredentialRecord
{
    public required string CompanyId { get; set; }
    public required string ProtectedAuthToken { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
