using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Simulation;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Benchmarks;

/// <summary>
/// The dashboard in Chromium against the real app: the active-tasks page's first render with 100,000 active tasks, what
/// a circuit on it costs against one on an empty page, and event-to-DOM latency with many open queue boards while the
/// workspace emits a steady stream of events.
/// </summary>
public static class DashboardLoadHarness
{
    private const string Password = "dashboard benchmark passphrase";
    private const int ActiveTasks = 100_000;

    /// <summary>With <paramref name="dashboards"/> at 0 only the active-tasks page is measured, which takes a fraction of the time.</summary>
    public static async Task RunAsync(int dashboards, int eventsPerSecond)
    {
        var folder = Directory.CreateTempSubdirectory("taskconsole-ui-bench-").FullName;
        try
        {
            await using var factory = new AppFactory(folder);
            factory.UseKestrel(0);
            factory.StartServer();
            var baseAddress = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            var engine = factory.Services.GetRequiredService<EmbeddedWorkspaces>().Clients.Single(c => c.Company.Id == "demo").Engine;

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("TASKCONSOLE_CHROMIUM") ?? "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
            });
            var session = await SignInAsync(browser, baseAddress);

            var probes = CreateProbeWorkflow(engine);
            if (dashboards > 0)
            {
                await EventToDomAsync(browser, session, baseAddress, engine, probes, dashboards, eventsPerSecond);
            }

            // The backlog waits in the probe queue, which nobody serves: the workspace is then quiet, so the memory
            // measured while pages open is the pages' and not that of events and timers of a routing workspace.
            var created = Stopwatch.StartNew();
            Parallel.For(0, 8, caller =>
            {
                var random = new Random(caller);
                for (var i = 0; i < ActiveTasks / 8; i++)
                {
                    engine.CreateTask(DemoWorkspace.RandomTask(random, []) with { WorkflowSid = probes }).GetValueOrThrow();
                }
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine.GetTasks().Count(t => !t.AssignmentStatus.IsTerminated()):N0} active tasks created in {created.Elapsed.TotalSeconds:F1} s"));

            await FirstRenderAsync(browser, session, baseAddress);
            await CircuitMemoryAsync(browser, session, baseAddress, factory.Circuits);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> SignInAsync(IBrowser browser, string baseAddress)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-interactive]");
        return await context.StorageStateAsync();
    }

    private static Task<IBrowserContext> ContextAsync(IBrowser browser, string session, string baseAddress) =>
        browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress, StorageState = session, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });

    /// <summary>
    /// Time from navigation to the interactive active-tasks page showing its count, against a page with nothing to load.
    /// The first visits are not counted: they bring the server's code for the page to its optimised tier, as any
    /// server has after its first minutes.
    /// </summary>
    private static async Task FirstRenderAsync(IBrowser browser, string session, string baseAddress)
    {
        const int WarmUps = 30;
        const int Samples = 20;
        async Task<(double P50, double P95, double Max)> TimeAsync(string path, string ready)
        {
            var times = new List<double>();
            for (var i = 0; i < WarmUps + Samples; i++)
            {
                await using var context = await ContextAsync(browser, session, baseAddress);
                var page = await context.NewPageAsync();
                var started = Stopwatch.GetTimestamp();
                await page.GotoAsync(path);
                await page.WaitForSelectorAsync(ready, new PageWaitForSelectorOptions { Timeout = 60_000 });
                if (i >= WarmUps)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            times.Sort();
            return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], times[^1]);
        }

        var tasks = await TimeAsync("/tasks?company=demo", "[data-interactive] [data-total]");
        var empty = await TimeAsync("/taskrouter-api?company=demo", "[data-interactive] [data-field=account-sid]");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"First render (navigation to an interactive page with its data, {Samples} visits): active tasks with {ActiveTasks:N0} tasks p50 {tasks.P50:F0} ms, p95 {tasks.P95:F0} ms, max {tasks.Max:F0} ms; a page with nothing to load p50 {empty.P50:F0} ms, p95 {empty.P95:F0} ms, max {empty.Max:F0} ms"));
    }

    /// <summary>
    /// Managed memory held per circuit: open circuits on the active-tasks page against as many on the same page matching
    /// nothing and on a page with nothing to show. Each measurement starts once every circuit of the one before has
    /// closed, so what it counts is its own circuits.
    /// </summary>
    private static async Task CircuitMemoryAsync(IBrowser browser, string session, string baseAddress, OpenCircuits circuits)
    {
        const int Circuits = 30;
        async Task<double> PerCircuitAsync(string path, string ready)
        {
            await circuits.AllClosedAsync();
            var before = Settle();
            await using var context = await ContextAsync(browser, session, baseAddress);
            for (var i = 0; i < Circuits; i++)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(path);
                await page.WaitForSelectorAsync(ready, new PageWaitForSelectorOptions { Timeout = 60_000 });
            }

            var after = Settle();
            return (after - before) / Circuits / 1024.0;
        }

        // Pools that grow for one round and serve the next make single rounds noisy: the median of five is reported.
        const int Rounds = 5;
        var (empty, noRows, tasks) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            empty.Add(await PerCircuitAsync("/taskrouter-api?company=demo", "[data-interactive] [data-field=account-sid]"));
            noRows.Add(await PerCircuitAsync($"/tasks?company=demo&taskAttrMatchExpr={Uri.EscapeDataString("matchesNothing == true")}", "[data-interactive] [data-total]"));
            tasks.Add(await PerCircuitAsync("/tasks?company=demo", "[data-interactive] [data-total]"));
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        static string Range(List<double> values) => string.Create(CultureInfo.InvariantCulture, $"{values.Min():F0}–{values.Max():F0}");
        var (t, n, e) = (Median(tasks), Median(noRows), Median(empty));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Managed memory per circuit (median of {Rounds} rounds of {Circuits}): active tasks page {t:F0} KiB (rounds {Range(tasks)}); the same page matching no task {n:F0} KiB ({Range(noRows)}), {t / n:F2}x; a page with nothing to show {e:F0} KiB ({Range(empty)}), {t / e:F2}x"));
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// Many queue boards open while a background load keeps the workspace busy; every probe adds one waiting task to a
    /// queue nobody serves, and each board's MutationObserver notes when its count shows it. Browser and server share
    /// this machine's clock, so the two timestamps compare directly.
    /// </summary>
    private static async Task EventToDomAsync(IBrowser browser, string session, string baseAddress, Core.Embedded.TaskRouterEngine engine, string probes, int dashboards, int eventsPerSecond)
    {
        var main = engine.GetWorkflows()[0].Sid;
        await using var context = await ContextAsync(browser, session, baseAddress);
        var pages = new List<IPage>();
        for (var i = 0; i < dashboards; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/?company=demo");
            await page.WaitForSelectorAsync("[data-interactive] tr[data-queue=Probe] [data-figure=pending]");
            await page.EvaluateAsync("""
                () => {
                    window.seen = {};
                    const cell = () => document.querySelector('tr[data-queue=Probe] [data-figure=pending]');
                    new MutationObserver(() => {
                        const c = cell();
                        if (c && !(c.textContent in window.seen)) { window.seen[c.textContent] = Date.now(); }
                    }).observe(document.body, { subtree: true, childList: true, characterData: true });
                }
                """);
            pages.Add(page);
        }

        // The background load: tasks created and ended at the requested rate of events (about five events a task).
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            var random = new Random(7);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            var perTick = Math.Max(1, eventsPerSecond / 10 / 5);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                for (var i = 0; i < perTick; i++)
                {
                    var task = engine.CreateTask(DemoWorkspace.RandomTask(random, []) with { WorkflowSid = main });
                    if (task.Value is { } created)
                    {
                        engine.DeleteTask(created.Sid);
                    }
                }
            }
        });

        // The first probes bring every page's update path to its optimised code; they are not counted.
        const int WarmUpProbes = 3;
        const int Probes = 20;
        var sent = new Dictionary<int, long>();
        for (var i = 1; i <= WarmUpProbes + Probes; i++)
        {
            if (i > WarmUpProbes)
            {
                sent[i] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            }

            engine.CreateTask(new NewTask("""{"taskType":"reviewSnoozedCase","probe":true}""", WorkflowSid: probes)).GetValueOrThrow();
            await Task.Delay(1_500);
        }

        await Task.Delay(2_000);
        await stop.CancelAsync();
        await load.ContinueWith(_ => { }, TaskScheduler.Default);
        var latencies = new List<double>();
        var missed = 0;
        foreach (var page in pages)
        {
            var seen = await page.EvaluateAsync<Dictionary<string, long>>("() => window.seen");
            foreach (var (probe, at) in sent)
            {
                if (seen.TryGetValue(probe.ToString(CultureInfo.InvariantCulture), out var shown))
                {
                    latencies.Add(shown - at);
                }
                else
                {
                    missed++;
                }
            }
        }

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Event to DOM with {dashboards} open queue boards at ~{eventsPerSecond} events/s: p50 {latencies[latencies.Count / 2]:F0} ms, p99 {latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1]:F0} ms, max {latencies[^1]:F0} ms over {latencies.Count} updates ({missed} not seen)"));
    }

    /// <summary>A workflow whose only queue, Probe, no worker can serve: what enters it waits, and stays countable.</summary>
    private static string CreateProbeWorkflow(Core.Embedded.TaskRouterEngine engine)
    {
        var queue = engine.CreateTaskQueue(new TaskQueueSettings("Probe", "skills HAS 'nobody-serves-this'")).GetValueOrThrow();
        return engine.CreateWorkflow(new WorkflowSettings("Probes", $$$$"""{"task_routing":{"filters":[],"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow().Sid;
    }

    /// <summary>A subclass, so that UseKestrel applies to the factory that runs.</summary>
    private sealed class AppFactory(string folder) : WebApplicationFactory<EmbeddedWorkspaces>
    {
        public OpenCircuits Circuits { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // The app's own content root (its appsettings and static assets), found from this build's output upwards.
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "TaskConsole.Web")))
            {
                root = root.Parent;
            }

            builder.UseContentRoot(Path.Combine(root?.FullName ?? throw new InvalidOperationException("run from the repository"), "src", "TaskConsole.Web"));
            builder.UseSetting("TaskConsole:DataDirectory", folder);
            builder.UseSetting("TaskConsole:Simulator:Enabled", "false");
            builder.UseSetting("TaskConsole:Bootstrap:AdminPassword", Password);
            builder.UseSetting("TaskConsole:RateLimit:RequestsPerMinute", "1000000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");

            // A closed page's circuit is otherwise kept for a reconnection that never comes.
            builder.ConfigureServices(services =>
            {
                services.Configure<CircuitOptions>(options => options.DisconnectedCircuitMaxRetained = 0);
                services.AddSingleton<CircuitHandler>(Circuits);
            });
        }
    }

    /// <summary>Counts the app's open circuits, so a measurement can wait until those of the one before are gone.</summary>
    private sealed class OpenCircuits : CircuitHandler
    {
        private int _open;

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        }

        public async Task AllClosedAsync()
        {
            while (Volatile.Read(ref _open) > 0)
            {
                await Task.Delay(50);
            }
        }
    }
}
