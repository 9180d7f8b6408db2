using System.Text.Json;

namespace TaskConsole.Core.Expressions;

/// <summary>The worker fields that expressions may name besides the worker's attributes.</summary>
public sealed record WorkerFields(string Sid, string FriendlyName, string ActivitySid, string ActivityName);

/// <summary>Everything an expression can look at. Missing parts resolve to null.</summary>
public readonly struct ExpressionContext
{
    public ExpressionContext(JsonElement task, JsonElement worker, WorkerFields? workerFields, DateTimeOffset now, IReadOnlyDictionary<string, int>? workerCounts = null)
    {
        Task = task;
        Worker = worker;
        WorkerFields = workerFields;
        Now = now;
        WorkerCounts = workerCounts;
    }

    public JsonElement Task { get; }

    public JsonElement Worker { get; }

    public WorkerFields? WorkerFields { get; }

    public DateTimeOffset Now { get; }

    /// <summary>For <c>skip_if</c>: counts keyed <c>available</c>, <c>unavailable</c> and activity sids.</summary>
    public IReadOnlyDictionary<string, int>? WorkerCounts { get; }

    public static ExpressionContext ForTask(JsonElement task, DateTimeOffset now) => new(task, default, null, now);

    public static ExpressionContext ForWorker(JsonElement worker, WorkerFields fields, DateTimeOffset now) => new(default, worker, fields, now);
}
