using BenchmarkDotNet.Attributes;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;

namespace TaskConsole.Benchmarks;

/// <summary>Compiled against reference evaluation of typical queue and filter expressions on a typical attribute document.</summary>
[MemoryDiagnoser]
public class ExpressionBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 5, 0, TimeSpan.Zero);
    private ExpressionContext _worker;
    private ExpressionContext _task;
    private ExpressionContext _taskPreparedEarlier;
    private TaskRouterExpression _queue = null!;
    private TaskRouterExpression _filter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var taskJson = """
            {"taskType":"answerInboundVoiceCall","language":"es","customerName":"Luis Garcia","borrowerId":"BO-48213",
             "interactionId":"IN-551200","caseId":"CS-20411","caseType":"bankruptcy","caseOwnerId":"u-1042","priority":10}
            """;
        _taskPreparedEarlier = ExpressionContext.ForTask(AttributeDocument.From(Attributes.Parse(taskJson)), Now);

        // As in the engine, where queues and workflows are compiled before tasks arrive and workers change.
        _queue = TaskRouterExpression.Parse("skills HAS 'caseReview' AND languages HAS 'es' AND level >= 3", ExpressionScope.Worker);
        _filter = TaskRouterExpression.Parse(
            "taskType IN ['answerInboundVoiceCall', 'makeScheduledCall', 'reviewVoicemail'] AND (caseType == 'bankruptcy' OR language == 'en')",
            ExpressionScope.Task);
        var worker = Attributes.Parse("""
            {"userId":"u-1042","name":"Maya Okafor","email":"maya.okafor@example.com","team":"Hardship","languages":["en","es"],
             "skills":["collections","caseReview"],"channels":["voice","sms","chat"],"unavailableTaskTypes":[],"level":4}
            """);
        _worker = ExpressionContext.ForWorker(AttributeDocument.From(worker), new WorkerFields("WK0", "Maya Okafor", "WA0", "Available"), Now);
        _task = ExpressionContext.ForTask(AttributeDocument.From(Attributes.Parse(taskJson)), Now);
    }

    [Benchmark(Baseline = true, Description = "queue expression, reference")]
    public bool QueueReference() => _queue.EvaluateReference(_worker);

    [Benchmark(Description = "queue expression, compiled")]
    public bool QueueCompiled() => _queue.Evaluate(_worker);

    [Benchmark(Description = "filter expression, reference")]
    public bool FilterReference() => _filter.EvaluateReference(_task);

    [Benchmark(Description = "filter expression, compiled")]
    public bool FilterCompiled() => _filter.Evaluate(_task);

    /// <summary>A document prepared before the expression was compiled (as after a restart) compares characters instead of references.</summary>
    [Benchmark(Description = "filter expression, compiled, document older than the expression")]
    public bool FilterCompiledOnOlderDocument() => _filter.Evaluate(_taskPreparedEarlier);
}
