using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Simulation;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Api;
using TaskConsole.Web.Security;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Benchmarks;

/// <summary>
/// The seed API at scale, through the real app on Kestrel over loopback: 10,000 workers with today's statistics,
/// and a filtered page of 100,000 unterminated tasks, first page against page 1,000.
/// </summary>
public static class ApiLoadHarness
{
    private const int Workers = 10_000;
    private const int Tasks = 100_000;
    private const int Samples = 100;

    public static async Task RunAsync(bool workersOnly = false)
    {
        var folder = Directory.CreateTempSubdirectory("taskconsole-api-bench-").FullName;
        try
        {
            await using var factory = new AppFactory(folder);
            factory.UseKestrel(0);
            var setup = Stopwatch.StartNew();
            using var client = factory.CreateClient();
            string apiKey;
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                apiKey = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync("demo", CompanyRole.Viewer, "bench", CancellationToken.None)).Key;
                client.DefaultRequestHeaders.Add("X-API-KEY", apiKey);
            }

            await using var lean = new LeanHttpClient(client.BaseAddress!, apiKey);

            var engine = factory.Services.GetRequiredService<EmbeddedWorkspaces>().Clients.Single(c => c.Company.Id == "demo").Engine;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Workspace with {engine.GetWorkers().Count:N0} workers ready in {setup.Elapsed.TotalSeconds:F1} s"));
            CollectSetUpGarbage();

            // The three run in turn, sample after sample, so that the machine's passing load weighs on each alike.
            var timings = await MeasureAsync(
                Get(lean, "/companies/demo/twilio-workers?include=statsToday"),
                SerializingWithTheEndpointsWriter(engine),
                SerializingWithSystemTextJson(engine));
            var (stats, inMemory, withSerializer) = (timings[0], timings[1].P95, timings[2].P95);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET twilio-workers?include=statsToday ({Workers:N0} workers): p50 {stats.P50:F1} ms, p95 {stats.P95:F1} ms; serializing the same objects from memory: p95 {inMemory:F1} ms with the endpoint's writer ({stats.P95 / inMemory:F2}x), {withSerializer:F1} ms with System.Text.Json over built objects ({stats.P95 / withSerializer:F2}x)"));

            if (workersOnly)
            {
                return;
            }

            setup.Restart();
            Parallel.For(0, 8, caller =>
            {
                var local = new Random(caller);
                for (var i = 0; i < Tasks / 8; i++)
                {
                    engine.CreateTask(DemoWorkspace.RandomTask(local, [])).GetValueOrThrow();
                }
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine.GetTasks().Count(t => !t.AssignmentStatus.IsTerminated()):N0} unterminated tasks created in {setup.Elapsed.TotalSeconds:F1} s"));
            CollectSetUpGarbage();

            const string filtered = "/companies/demo/twilio-unterminated-tasks?taskType=replyToNewText,answerInboundVoiceCall&hasCase=true&sortBy=priority:desc&pageSize=50";
            var first = await TimeAsync(lean, filtered);
            var all = "/companies/demo/twilio-unterminated-tasks?pageSize=50";
            var deep = await DeepPageUrlAsync(client, all, pages: 1_000);
            var pages = await MeasureAsync(Get(lean, all), Get(lean, new Uri(deep).PathAndQuery));
            var (pageOne, pageThousand) = (pages[0], pages[1]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Filtered page of 50 out of 100,000: p50 {first.P50:F1} ms, p95 {first.P95:F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Unfiltered page 1: p50 {pageOne.P50:F1} ms, p95 {pageOne.P95:F1} ms; page 1,000: p50 {pageThousand.P50:F1} ms, p95 {pageThousand.P95:F1} ms ({pageThousand.P95 / pageOne.P95:F2}x)"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A subclass, so that UseKestrel applies to the factory that runs.</summary>
    private sealed class AppFactory(string folder) : WebApplicationFactory<EmbeddedWorkspaces>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(folder);
            builder.UseSetting("TaskConsole:DataDirectory", folder);
            builder.UseSetting("TaskConsole:Companies:demo:TimeZone", "America/New_York");
            builder.UseSetting("TaskConsole:Simulator:Enabled", "false");
            builder.UseSetting("TaskConsole:Simulator:Workers", Workers.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("TaskConsole:RateLimit:RequestsPerMinute", "1000000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }

    /// <summary>What building the workspace left behind is collected before anything is timed: it is not the endpoints' to pay.</summary>
    private static void CollectSetUpGarbage() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

    private static async Task<(double P50, double P95)> TimeAsync(LeanHttpClient client, string url) => (await MeasureAsync(Get(client, url)))[0];

    /// <summary>A GET timed to the last byte of the answer, read by a client that discards it as it arrives.</summary>
    private static Func<Task> Get(LeanHttpClient client, string url) => async () =>
    {
        var (status, _) = await client.GetAsync(url);
        if (status != 200)
        {
            throw new InvalidOperationException($"GET {url} answered {status}");
        }
    };

    /// <summary>
    /// The p50 and p95 of <see cref="Samples"/> runs of each action, taken in turn, after enough untimed rounds for the
    /// code involved (the server's and the serializers') to reach its optimised tier, so that every figure compared is
    /// a steady-state figure.
    /// </summary>
    private static async Task<(double P50, double P95)[]> MeasureAsync(params Func<Task>[] runs)
    {
        const int warmUp = 30;
        var times = runs.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < warmUp + Samples; i++)
        {
            for (var run = 0; run < runs.Length; run++)
            {
                var started = Stopwatch.GetTimestamp();
                await runs[run]();
                if (i >= warmUp)
                {
                    times[run].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        return times.Select(t =>
        {
            t.Sort();
            return (t[t.Count / 2], t[(int)Math.Ceiling(t.Count * 0.95) - 1]);
        }).ToArray();
    }

    /// <summary>
    /// Serializing the same workers and statistics (already computed and sorted) into a memory buffer with the endpoint's
    /// own writer: what the endpoint would cost with no statistics to compute and no network.
    /// </summary>
    private static Func<Task> SerializingWithTheEndpointsWriter(Core.Embedded.TaskRouterEngine engine)
    {
        var workspace = engine.Workspace;
        var now = DateTimeOffset.UtcNow;
        var stats = engine.GetWorkersCumulativeStatistics(now.Date, now);
        var workers = engine.GetWorkers().OrderBy(w => w.FriendlyName, StringComparer.OrdinalIgnoreCase).ToList();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(32 * 1024 * 1024);
        return async () =>
        {
            buffer.ResetWrittenCount();
            await WorkerListWriter.WriteAsync(buffer, _ => ValueTask.CompletedTask, workers, workspace, stats, "UTC", CancellationToken.None);
        };
    }

    /// <summary>System.Text.Json serializing the same workers, built beforehand as objects of the answer's shape.</summary>
    private static Func<Task> SerializingWithSystemTextJson(Core.Embedded.TaskRouterEngine engine)
    {
        var workspace = engine.Workspace;
        var now = DateTimeOffset.UtcNow;
        var stats = engine.GetWorkersCumulativeStatistics(now.Date, now);
        static string Date(DateTimeOffset value) => TaskRouterJson.Date(value);
        var objects = engine.GetWorkers().OrderBy(w => w.FriendlyName, StringComparer.OrdinalIgnoreCase).Select(w => new
        {
            sid = w.Sid,
            account_sid = workspace.AccountSid,
            workspace_sid = workspace.Sid,
            friendly_name = w.FriendlyName,
            attributes = w.AttributesJson,
            activity_sid = w.ActivitySid,
            activity_name = w.ActivityName,
            available = w.Available,
            date_status_changed = Date(w.DateStatusChanged),
            date_created = Date(w.DateCreated),
            date_updated = Date(w.DateUpdated),
            statsToday = new
            {
                start_time = Date(stats[w.Sid].StartTime),
                end_time = Date(stats[w.Sid].EndTime),
                time_zone = "UTC",
                reservations_created = stats[w.Sid].Reservations.Created,
                reservations_accepted = stats[w.Sid].Reservations.Accepted,
                reservations_rejected = stats[w.Sid].Reservations.Rejected,
                reservations_timed_out = stats[w.Sid].Reservations.TimedOut,
                reservations_canceled = stats[w.Sid].Reservations.Canceled,
                reservations_rescinded = stats[w.Sid].Reservations.Rescinded,
                tasks_completed = stats[w.Sid].TasksCompleted,
                activity_durations = stats[w.Sid].ActivityDurations.Select(a => new { sid = a.Sid, friendly_name = a.FriendlyName, avg = a.Avg, min = a.Min, max = a.Max, total = a.Total }).ToList(),
            },
        }).ToList();
        return () =>
        {
            JsonSerializer.SerializeToUtf8Bytes(new { data = objects }, ApiResults.Json);
            return Task.CompletedTask;
        };
    }

    private static async Task<string> DeepPageUrlAsync(HttpClient client, string url, int pages)
    {
        // Page tokens are opaque; walk to page 1,000 the way a client would, following nextUrl.
        var next = url;
        for (var page = 1; page < pages; page++)
        {
            using var response = await client.GetAsync(new Uri(next, UriKind.RelativeOrAbsolute));
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            next = body.RootElement.GetProperty("nextUrl").GetString() ?? throw new InvalidOperationException($"only {page} pages");
        }

        return next;
    }
}
