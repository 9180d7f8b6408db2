using TaskConsole.Web.Data;

namespace TaskConsole.Web.Security;

/// <summary>Appends one record per state-changing call. Records are never updated or deleted.</summary>
public sealed class AuditLog(TaskConsoleDbContext db, TimeProvider time)
{
    public Task WriteAsync(HttpContext http, string companyId, string action, IEnumerable<string> targets, string result, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        return WriteAsync(http.User.ActorName(), http.TraceIdentifier, companyId, action, targets, result, detail);
    }

    /// <summary>For callers without a request, such as a dashboard circuit: the actor and a correlation id of their own.</summary>
    public async Task WriteAsync(string actor, string correlationId, string companyId, string action, IEnumerable<string> targets, string result, string? detail = null)
    {
        db.AuditLog.Add(new AuditRecord
        {
            CompanyId = companyId,
            Actor = actor,
            Action = action,
            Targets = string.Join(",", targets),
            Result = result,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
            OccurredAt = time.GetUtcNow(),
            CorrelationId = correlationId,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
