using System.Diagnostics;
using System.Globalization;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Benchmarks;

/// <summary>
/// Routing at scale on the durable engine: 10,000 workers, 1,000 queues, a workflow with a filter per queue.
/// CreateTask returns once the task is routed and written to disk, so its duration is "task created → reservation
/// created", durably. Run once with one caller at a time and once with concurrent callers, as an API server sees them.
/// </summary>
public static class RoutingLoadHarness
{
    private const int Workers = 10_000;
    private const int Queues = 1_000;

    public static void Run()
    {
        foreach (var callers in new[] { 1, 4, 16 })
        {
            var folder = Directory.CreateTempSubdirectory("taskconsole-bench-").FullName;
            try
            {
                using var engine = TaskRouterEngine.Open("Bench", Sids.New(Sids.Account), TimeProvider.System, new EngineStore(Path.Combine(folder, "bench.db")));
                var setup = Stopwatch.StartNew();
                Build(engine);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Set-up of {Workers:N0} workers and {Queues:N0} queues: {setup.Elapsed.TotalSeconds:F1} s"));
                Measure(engine, callers, tasksPerCaller: 24_000 / callers);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void Build(TaskRouterEngine engine)
    {
        var random = new Random(42);
        var queueSids = new List<string>();
        for (var q = 0; q < Queues; q++)
        {
            queueSids.Add(engine.CreateTaskQueue(new TaskQueueSettings($"queue-{q}", $"skills HAS 'skill{q}'")).GetValueOrThrow().Sid);
        }

        var filters = string.Join(",", queueSids.Select((sid, q) => $$"""{"expression":"skill == 'skill{{q}}'","targets":[{"queue":"{{sid}}"}]}"""));
        var configuration = $$$$"""{"task_routing":{"filters":[{{{{filters}}}}],"default_filter":{"queue":"{{{{queueSids[0]}}}}"}}}""";
        engine.CreateWorkflow(new WorkflowSettings("Bench", configuration, 3600)).GetValueOrThrow();
        var available = engine.GetActivities().Single(a => a.FriendlyName == "Available").Sid;
        for (var w = 0; w < Workers; w++)
        {
            var skills = string.Join(",", Enumerable.Range(0, 3).Select(_ => $"\"skill{random.Next(Queues)}\""));
            var worker = engine.CreateWorker($"worker-{w}", $$"""{"skills":[{{skills}}],"level":{{random.Next(1, 6)}}}""", available).GetValueOrThrow();
            engine.UpdateWorkerChannel(worker.Sid, "default", capacity: 3, available: null).GetValueOrThrow();
        }
    }

    private static void Measure(TaskRouterEngine engine, int callers, int tasksPerCaller)
    {
        var latencies = new double[callers * tasksPerCaller];
        var reserved = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, caller =>
        {
            var random = new Random(caller);
            for (var t = 0; t < tasksPerCaller; t++)
            {
                var request = new NewTask($$"""{"skill":"skill{{random.Next(Queues)}}","taskType":"replyToNewText"}""");
                var started = Stopwatch.GetTimestamp();
                var task = engine.CreateTask(request).GetValueOrThrow();
                latencies[(caller * tasksPerCaller) + t] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (task.AssignmentStatus == TaskAssignmentStatus.Reserved)
                {
                    Interlocked.Increment(ref reserved);
                }
            }
        });

        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{callers} concurrent caller(s): routed {latencies.Length:N0} tasks in {seconds:F2} s = {latencies.Length / seconds:N0} routing decisions/s ({reserved:N0} reserved at once)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  task created -> reservation created (durable): p50 {Percentile(latencies, 0.50):F3} ms, p99 {Percentile(latencies, 0.99):F3} ms, max {latencies[^1]:F3} ms"));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
