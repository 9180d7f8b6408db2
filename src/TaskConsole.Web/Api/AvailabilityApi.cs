using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Data;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Api;

/// <summary>
/// Task-type availability per user (<c>/twilio/tasktype-availability</c>). A type set to false keeps that user's worker
/// from new reservations of the type: the worker attribute <c>unavailableTaskTypes</c> is kept in step, and the
/// embedded engine honours it in every workflow.
/// </summary>
public static class AvailabilityApi
{
    public const string UnavailableTaskTypesKey = "unavailableTaskTypes";

    public static void MapAvailabilityApi(this WebApplication app)
    {
        var availability = app.MapGroup("/twilio/tasktype-availability").WithTags("Task-type availability").RequireAuthorization().RequireRateLimiting(ApiExtensions.RateLimitPolicy);
        CompanyScope.RequireCompanyRole(availability.MapGet("/", GetAsync).WithName("GetTaskTypeAvailability").WithSummary("Which task types each user may receive"), CompanyRole.Viewer);
        CompanyScope.RequireCompanyRole(availability.MapPut("/", PutAsync).WithName("UpdateTaskTypeAvailability").WithSummary("Switch task types on or off per user"), CompanyRole.Supervisor);
    }

    /// <summary>Every user's availability per task type (true when never switched off), and the last change.</summary>
    public sealed record AvailabilitySnapshot(
        IReadOnlyDictionary<string, Dictionary<string, bool>> AvailableByUserConfig, DateTimeOffset? UpdatedAt, string? UpdatedBy);

    /// <summary>What saving did: the settings that changed, or the problem that stopped it.</summary>
    public sealed record AvailabilityChange(IReadOnlyList<string> Changed, string? Problem);

    private static async Task<IResult> GetAsync(HttpContext http, TaskConsoleDbContext db)
    {
        var scope = CompanyScope.Of(http);
        return ApiResults.Ok(new { status = 200, message = "ok", data = await SnapshotAsync(db, scope.TaskRouter, http.RequestAborted) });
    }

    private static async Task<IResult> PutAsync(HttpContext http, TaskConsoleDbContext db, AuditLog audit, TimeProvider time)
    {
        var scope = CompanyScope.Of(http);
        var workers = await WorkersByUserAsync(scope.TaskRouter, http.RequestAborted);
        var (changes, problem) = await ReadChangesAsync(http.Request, workers);
        if (problem is not null)
        {
            return ApiResults.BadRequest(problem);
        }

        var outcome = await ApplyAsync(db, scope.TaskRouter, audit, http.User.ActorName(), http.TraceIdentifier, changes!, time, http.RequestAborted);
        return outcome.Problem is { } failed
            ? ApiResults.BadRequest(failed)
            : ApiResults.Ok(new { status = 200, message = $"{outcome.Changed.Count} availability settings changed", data = await SnapshotAsync(db, scope.TaskRouter, http.RequestAborted) });
    }

    /// <summary>
    /// Records the changes (users must have a worker; task types must be the seed's), keeps each user's workers'
    /// <c>unavailableTaskTypes</c> in step, and audits. Shared by the endpoint and the dashboard.
    /// </summary>
    public static async Task<AvailabilityChange> ApplyAsync(
        TaskConsoleDbContext db, ITaskRouterClient client, AuditLog audit, string actor, string correlationId,
        IReadOnlyList<(string UserId, string TaskType, bool Available)> changes, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(time);
        var companyId = client.Company.Id;
        var workers = await WorkersByUserAsync(client, cancellationToken);
        var now = time.GetUtcNow();
        var existing = await db.TaskTypeAvailability.Where(a => a.CompanyId == companyId).ToListAsync(cancellationToken);
        var changed = new List<string>();
        foreach (var (userId, taskType, available) in changes)
        {
            var record = existing.FirstOrDefault(a => a.UserId == userId && a.TaskType == taskType);
            if (record is null)
            {
                record = new TaskTypeAvailabilityRecord { CompanyId = companyId, UserId = userId, TaskType = taskType, UpdatedBy = actor, Available = true };
                db.TaskTypeAvailability.Add(record);
                existing.Add(record);
            }

            if (db.Entry(record).State == EntityState.Added || record.Available != available)
            {
                record.Available = available;
                record.UpdatedAt = now;
                record.UpdatedBy = actor;
                changed.Add($"{userId}:{taskType}={(available ? "on" : "off")}");
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var userId in changes.Select(c => c.UserId).Distinct())
        {
            var off = existing.Where(a => a.UserId == userId && !a.Available).Select(a => a.TaskType).Order(StringComparer.Ordinal).ToArray();
            foreach (var worker in workers[userId])
            {
                var updated = await client.UpdateWorkerAttributesAsync(worker.Sid, Attributes.With(worker.Attributes, (UnavailableTaskTypesKey, off)), CancellationToken.None);
                if (!updated.IsSuccess)
                {
                    await audit.WriteAsync(actor, correlationId, companyId, "availability.update", changed, "failed", updated.Error!.Message);
                    return new AvailabilityChange(changed, $"availableByUserConfig.{userId}: the worker {worker.FriendlyName} could not be updated: {updated.Error.Message}");
                }
            }
        }

        await audit.WriteAsync(actor, correlationId, companyId, "availability.update", changed, "updated");
        return new AvailabilityChange(changed, null);
    }

    public static async Task<AvailabilitySnapshot> SnapshotAsync(TaskConsoleDbContext db, ITaskRouterClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(client);
        var records = await db.TaskTypeAvailability.AsNoTracking().Where(a => a.CompanyId == client.Company.Id).ToListAsync(cancellationToken);
        var users = (await WorkersByUserAsync(client, cancellationToken)).Select(g => g.Key).Concat(records.Select(r => r.UserId)).Distinct().Order(StringComparer.Ordinal);
        var config = users.ToDictionary(
            user => user,
            user => CrmVocabulary.TaskTypes.ToDictionary(type => type, type => records.FirstOrDefault(r => r.UserId == user && r.TaskType == type)?.Available ?? true));
        var latest = records.MaxBy(r => r.UpdatedAt);
        return new AvailabilitySnapshot(config, latest?.UpdatedAt, latest?.UpdatedBy);
    }

    private static async Task<ILookup<string, WorkerInfo>> WorkersByUserAsync(ITaskRouterClient client, CancellationToken cancellationToken) =>
        (await client.GetWorkersAsync(cancellationToken))
            .Where(w => w.AttributesJson.TryGetProperty("userId", out var id) && id.ValueKind == JsonValueKind.String)
            .ToLookup(w => w.AttributesJson.GetProperty("userId").GetString()!, StringComparer.Ordinal);

    private static async Task<(List<(string UserId, string TaskType, bool Available)>? Changes, string? Problem)> ReadChangesAsync(HttpRequest request, ILookup<string, WorkerInfo> workers)
    {
        var (document, problem) = await ApiResults.ReadJsonAsync(request);
        using (document)
        {
            if (document is null)
            {
                return (null, problem);
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("availableByUserConfig", out var config))
            {
                return (null, "availableByUserConfig: the body must be a JSON object with an availableByUserConfig object");
            }

            if (config.ValueKind != JsonValueKind.Object)
            {
                return (null, "availableByUserConfig: must be an object keyed by user id");
            }

            var changes = new List<(string, string, bool)>();
            foreach (var user in config.EnumerateObject())
            {
                if (!workers.Contains(user.Name))
                {
                    return (null, $"availableByUserConfig.{user.Name}: no worker of this company has userId '{user.Name}'");
                }

                if (user.Value.ValueKind != JsonValueKind.Object)
                {
                    return (null, $"availableByUserConfig.{user.Name}: must be an object of task types to true or false");
                }

                foreach (var type in user.Value.EnumerateObject())
                {
                    if (!CrmVocabulary.TaskTypes.Contains(type.Name))
                    {
                        return (null, $"availableByUserConfig.{user.Name}.{type.Name}: not a task type (one of {string.Join(", ", CrmVocabulary.TaskTypes)})");
                    }

                    if (type.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return (null, $"availableByUserConfig.{user.Name}.{type.Name}: must be true or false, not {type.Value.GetRawText()}");
                    }

                    changes.Add((user.Name, type.Name, type.Value.GetBoolean()));
                }
            }

            return (changes, null);
        }
    }
}
