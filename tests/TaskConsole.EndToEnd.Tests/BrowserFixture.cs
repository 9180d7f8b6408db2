using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TaskConsole.Core.Embedded;
using TaskConsole.Web.Security;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web.EndToEnd;

/// <summary>
/// The real app on Kestrel (embedded default, simulator off so pages hold still) and Debian's Chromium driven by
/// Playwright. Every page a test visits can be saved as a screenshot under <c>screenshots/</c> in the test output.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string AdminPassword = "end-to-end admin passphrase";
    public const string ViewerPassword = "end-to-end viewer passphrase";
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-e2e-").FullName;
    private AppFactory _factory = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public TaskRouterEngine Engine(string company) =>
        _factory.Services.GetRequiredService<EmbeddedWorkspaces>().Clients.Single(c => c.Company.Id == company).Engine;

    /// <summary>The demo contact centre's own workflow; tasks must name it once tests have added workflows of their own.</summary>
    public string SeededWorkflow(string company) => Engine(company).GetWorkflows()[0].Sid;

    /// <summary>
    /// A workflow of its own for one test: a queue for workers with the given skill and, when asked, one available worker
    /// with it, so that the test's tasks do not queue behind other tests' tasks.
    /// </summary>
    public string DedicatedWorkflow(string company, string skill, bool withWorker)
    {
        var engine = Engine(company);
        if (withWorker)
        {
            var available = engine.GetActivities().Single(a => a.FriendlyName == "Available").Sid;
            engine.CreateWorker($"agent-{skill}", $$"""{"skills":["{{skill}}"],"unavailableTaskTypes":[]}""", available).GetValueOrThrow();
        }

        var queue = engine.CreateTaskQueue(new TaskConsole.Core.TaskRouter.TaskQueueSettings($"queue-{skill}", $"skills HAS '{skill}'")).GetValueOrThrow();
        return engine.CreateWorkflow(new TaskConsole.Core.TaskRouter.WorkflowSettings(
            $"workflow-{skill}", $$$$"""{"task_routing":{"filters":[],"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""")).GetValueOrThrow().Sid;
    }

    /// <summary>Completes the task through the engine and resolves once the pipeline has recorded it in the history.</summary>
    public async Task CompleteAndRecordAsync(string company, string taskSid)
    {
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _factory.Services.GetRequiredService<TaskConsole.Web.Events.TaskEventBroadcaster>().Subscribe(company, evt =>
        {
            if (evt.TaskSid == taskSid && TaskConsole.Core.TaskRouter.EventTypes.EndsTask(evt.EventType))
            {
                recorded.TrySetResult();
            }
        });
        var engine = Engine(company);
        var reservation = engine.GetTaskReservations(taskSid).First(r => r.ReservationStatus == TaskConsole.Core.Domain.ReservationStatus.Pending);
        engine.UpdateReservation(taskSid, reservation.Sid, new TaskConsole.Core.TaskRouter.ReservationUpdate(TaskConsole.Core.Domain.ReservationStatus.Accepted)).GetValueOrThrow();
        engine.UpdateTask(taskSid, new TaskConsole.Core.TaskRouter.TaskUpdate(AssignmentStatus: TaskConsole.Core.Domain.TaskAssignmentStatus.Completed, Reason: "resolved")).GetValueOrThrow();
        await recorded.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask InitializeAsync()
    {
        _factory = new AppFactory(_data);
        _factory.UseKestrel(0);
        _factory.StartServer();
        // The port Kestrel picked, as the server reports it.
        BaseAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var viewer = new IdentityUser("viewer");
            (await users.CreateAsync(viewer, ViewerPassword)).Succeeded.ShouldBeTrue();
            await users.AddClaimAsync(viewer, new Claim(TaskConsoleClaims.CompanyRole, "demo:Viewer"));
        }

        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, as these machines can run it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("TASKCONSOLE_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>A new browser context, signed in as the given user, on the given page.</summary>
    public async Task<IPage> SignInAsync(string user, string password, string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1500, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-interactive]");
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>The app's settings for these tests; a subclass, so that UseKestrel applies to the factory that runs.</summary>
    private sealed class AppFactory(string data) : WebApplicationFactory<EmbeddedWorkspaces>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("TaskConsole:DataDirectory", data);
            builder.UseSetting("TaskConsole:Simulator:Enabled", "false");
            builder.UseSetting("TaskConsole:Simulator:Workers", "8");
            builder.UseSetting("TaskConsole:Bootstrap:AdminPassword", AdminPassword);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
