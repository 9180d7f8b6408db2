using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Data;

namespace TaskConsole.Web.Events;

/// <summary>
/// The one path every TaskRouter event takes, whichever engine produced it: validate, skip what was already
/// ingested (by event SID), persist the task timelines and the history of ended tasks in one transaction, and only
/// then publish to the company's subscribers.
/// </summary>
public sealed class TaskEventPipeline(IServiceScopeFactory scopes, TaskEventBroadcaster broadcaster, TimeProvider time, ILogger<TaskEventPipeline> logger)
{
    /// <summary>Ingests a batch in order; returns the events that were new (and so were published).</summary>
    public async Task<IReadOnlyList<TaskRouterEvent>> IngestAsync(string companyId, IReadOnlyList<TaskRouterEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var valid = new List<TaskRouterEvent>();
        foreach (var evt in batch)
        {
            if (Validate(evt) is { } problem)
            {
                logger.LogWarning("Dropped an invalid TaskRouter event of {Company}: {Problem}", companyId, problem);
            }
            else
            {
                valid.Add(evt);
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskConsoleDbContext>();
        var sids = valid.Select(e => e.Sid).ToArray();
        var seen = (await db.ProcessedEvents.Where(p => p.CompanyId == companyId && sids.Contains(p.EventSid)).Select(p => p.EventSid).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = new List<TaskRouterEvent>();
        foreach (var evt in valid)
        {
            if (seen.Add(evt.Sid))
            {
                fresh.Add(evt);
            }
        }

        var now = time.GetUtcNow();
        var timeline = new List<TaskTimelineEntry>();
        foreach (var evt in fresh)
        {
            db.ProcessedEvents.Add(new ProcessedEvent { CompanyId = companyId, EventSid = evt.Sid, ReceivedAt = now });
            if (evt.TaskSid is not null)
            {
                var entry = ToTimelineEntry(companyId, evt);
                timeline.Add(entry);
                db.TaskTimeline.Add(entry);
            }

            if (EventTypes.EndsTask(evt.EventType) && evt.TaskSid is { } taskSid
                && !await db.TaskHistory.AnyAsync(h => h.CompanyId == companyId && h.TaskSid == taskSid, cancellationToken)
                && !db.TaskHistory.Local.Any(h => h.CompanyId == companyId && h.TaskSid == taskSid))
            {
                db.TaskHistory.Add(await ToHistoryAsync(db, companyId, evt, timeline, cancellationToken));
            }
        }

        if (batch.Count > 0 && batch.Max(e => e.Sequence) is var sequence and > 0)
        {
            var cursor = await db.EventCursors.FindAsync([companyId], cancellationToken);
            if (cursor is null)
            {
                db.EventCursors.Add(new EventCursor { CompanyId = companyId, Sequence = sequence });
            }
            else if (sequence > cursor.Sequence)
            {
                cursor.Sequence = sequence;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (fresh.Count > 0)
        {
            broadcaster.Publish(companyId, fresh);
        }

        return fresh;
    }

    /// <summary>The highest engine sequence already ingested for the company; 0 when none.</summary>
    public async Task<long> GetCursorAsync(string companyId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskConsoleDbContext>();
        return (await db.EventCursors.FindAsync([companyId], cancellationToken))?.Sequence ?? 0;
    }

    private static string? Validate(TaskRouterEvent evt)
    {
        if (!Sids.IsValid(evt.Sid, Sids.Event))
        {
            return $"event SID '{evt.Sid}' is not an EV SID";
        }

        if (string.IsNullOrWhiteSpace(evt.EventType) || string.IsNullOrWhiteSpace(evt.ResourceSid))
        {
            return $"event {evt.Sid} has no event type or resource";
        }

        if (evt.TaskSid is { } task && !Sids.IsValid(task, Sids.Task))
        {
            return $"event {evt.Sid} names task '{task}', which is not a WT SID";
        }

        return null;
    }

    private static TaskTimelineEntry ToTimelineEntry(string companyId, TaskRouterEvent evt) => new()
    {
        CompanyId = companyId,
        TaskSid = evt.TaskSid!,
        EventSid = evt.Sid,
        EventType = evt.EventType,
        Description = evt.Description,
        Timestamp = evt.Timestamp,
        TaskStatus = evt.TaskStatus,
        WorkerSid = evt.WorkerSid,
        WorkerName = evt.Data.GetValueOrDefault("WorkerName"),
        TaskQueueSid = evt.TaskQueueSid,
        TaskQueueName = evt.Data.GetValueOrDefault("TaskQueueName"),
    };

    private static async Task<TaskHistoryRecord> ToHistoryAsync(
        TaskConsoleDbContext db, string companyId, TaskRouterEvent ending, List<TaskTimelineEntry> batchTimeline, CancellationToken cancellationToken)
    {
        var taskSid = ending.TaskSid!;
        var accepted = batchTimeline.LastOrDefault(t => t.TaskSid == taskSid && t.EventType == EventTypes.ReservationAccepted)
            ?? await db.TaskTimeline.Where(t => t.CompanyId == companyId && t.TaskSid == taskSid && t.EventType == EventTypes.ReservationAccepted)
                .OrderByDescending(t => t.Id).FirstOrDefaultAsync(cancellationToken);
        var createdAt = ending.Timestamp.AddSeconds(-(ending.TaskAgeSeconds ?? 0));
        var attributes = ending.Data.GetValueOrDefault("TaskAttributes") ?? Attributes.Empty;
        var document = Attributes.Validate(attributes, out var parsed) is null ? parsed : Attributes.EmptyObject;
        return new TaskHistoryRecord
        {
            CompanyId = companyId,
            TaskSid = taskSid,
            Outcome = ending.EventType == EventTypes.TaskCompleted ? "completed" : "canceled",
            Reason = ending.Data.GetValueOrDefault("TaskCompletedReason") ?? ending.Data.GetValueOrDefault("TaskCanceledReason"),
            EndedBy = ending.EventType,
            Attributes = attributes,
            TaskType = Text(document, CrmVocabulary.TaskTypeKey),
            CaseType = Text(document, CrmVocabulary.CaseTypeKey),
            CaseId = Text(document, CrmVocabulary.CaseIdKey),
            Priority = int.TryParse(ending.Data.GetValueOrDefault("TaskPriority"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var priority) ? priority : 0,
            TaskChannel = ending.TaskChannel,
            TaskQueueSid = ending.TaskQueueSid,
            TaskQueueName = ending.Data.GetValueOrDefault("TaskQueueName"),
            WorkflowSid = ending.WorkflowSid,
            WorkflowName = ending.Data.GetValueOrDefault("WorkflowName"),
            LastWorkerSid = accepted?.WorkerSid ?? ending.WorkerSid,
            LastWorkerName = accepted?.WorkerName ?? ending.Data.GetValueOrDefault("WorkerName"),
            CreatedAt = createdAt,
            AssignedAt = accepted?.Timestamp,
            TerminatedAt = ending.Timestamp,
            WaitSeconds = ((accepted?.Timestamp ?? ending.Timestamp) - createdAt).TotalSeconds,
            HandleSeconds = accepted is null ? null : (ending.Timestamp - accepted.Timestamp).TotalSeconds,
            ClonedFromTaskSid = Text(document, "clonedFromTaskSid"),
        };
    }

    private static string? Text(JsonElement attributes, string key) =>
        attributes.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
