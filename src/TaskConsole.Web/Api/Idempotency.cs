using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using TaskConsole.Web.Data;

namespace TaskConsole.Web.Api;

/// <summary>
/// Honours an <c>Idempotency-Key</c> header on POSTs that create tasks: the first answer is stored, and a retry with the
/// same key gets that answer again instead of creating a second task.
/// </summary>
public sealed class Idempotency(TaskConsoleDbContext db, TimeProvider time)
{
    public const string Header = "Idempotency-Key";
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InFlight = new(StringComparer.Ordinal);

    public async Task<IResult> RunAsync(HttpContext http, string companyId, string operation, Func<Task<IResult>> action)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(action);
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return await action();
        }

        if (key.Length > 200)
        {
            return ApiResults.BadRequest($"{Header}: must be at most 200 characters");
        }

        // Retries of one key wait for the first attempt, so two concurrent retries cannot both create a task.
        var gate = InFlight.GetOrAdd($"{companyId}|{operation}|{key}", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(http.RequestAborted);
        try
        {
            var stored = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.CompanyId == companyId && r.Operation == operation && r.Key == key, http.RequestAborted);
            if (stored is not null)
            {
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Content(stored.Body, "application/json", statusCode: stored.StatusCode);
            }

            var result = await action();
            if (result is IStatusCodeHttpResult { StatusCode: { } status } && result is IValueHttpResult { Value: { } value } && status < 500)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    CompanyId = companyId,
                    Operation = operation,
                    Key = key,
                    StatusCode = status,
                    Body = JsonSerializer.Serialize(value, value.GetType(), ApiResults.Json),
                    CreatedAt = time.GetUtcNow(),
                });
                await db.SaveChangesAsync(CancellationToken.None);
            }

            return result;
        }
        finally
        {
            gate.Release();
        }
    }
}
