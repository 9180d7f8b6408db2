namespace TaskConsole.Core.Expressions;

/// <summary>The worker fields that expressions may name besides the worker's attributes.</summary>
public sealed record WorkerFields(string Sid, string FriendlyName, string ActivitySid, string ActivityName);

/// <summary>Everything an expression can look at. Missing parts resolve to null.</summary>
public readonly struct ExpressionContext
{
    public ExpressionContext(AttributeDocument? task, AttributeDocument? worker, WorkerFields? workerFields, DateTimeOffset now, IReadOnlyDictionary<string, int>? workerCounts = null)
    {
        Task = task ?? AttributeDocument.Empty;
        Worker = worker ?? AttributeDocument.Empty;
        WorkerFields = workerFields;
        Now = now;
        WorkerCounts = workerCounts;
    }

    public AttributeDocument Task { get; }

    public AttributeDocument Worker { get; }

    public WorkerFields? WorkerFields { get; }

    public DateTimeOffset Now { get; }

    /// <summary>For <c>skip_if</c>: counts keyed <c>available</c>, <c>unavailable</c> and activity sids.</summary>
    public IReadOnlyDictionary<string, int>? WorkerCounts { get; }

    public static ExpressionContext ForTask(AttributeDocument task, DateTimeOffset now) => new(task, null, null, now);

    public static ExpressionContext ForWorker(AttributeDocument worker, WorkerFields fields, DateTimeOffset now) => new(null, worker, fields, now);
}
