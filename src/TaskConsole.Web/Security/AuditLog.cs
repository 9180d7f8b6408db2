using TaskConsole.Web.Data;

namespace TaskConsole.Web.Security;

/// <summary>Appends one record per state-changing call. Records are never updated or deleted.</summary>
public sealed class AuditLog(TaskConsoleDbContext db, TimeProvider time)
{
    public async Task WriteAsync(HttpContext http, string companyId, string action, IEnumerable<string> targets, string result, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        db.AuditLog.Add(new AuditRecord
        {
            CompanyId = companyId,
            Actor = http.User.ActorName(),
            Action = action,
            Targets = string.Join(",", targets),
            Result = result,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
            OccurredAt = time.GetUtcNow(),
            CorrelationId = http.TraceIdentifier,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
