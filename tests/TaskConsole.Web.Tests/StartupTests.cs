using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web;

public sealed class StartupTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-web-").FullName;

    [Fact]
    public void SampleSettings_BindAndPassTheStartUpChecks()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "appsettings.sample.json")))
        {
            root = root.Parent;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(root!.FullName, "appsettings.sample.json"))
            .Build();
        var options = new Options.TaskConsoleOptions();
        configuration.GetSection(Options.TaskConsoleOptions.Section).Bind(options);

        var result = new Options.ValidateTaskConsoleOptions().Validate(null, options);

        result.Succeeded.ShouldBeTrue(result.FailureMessage);
        options.Board("demo").Thresholds.ShouldBe([30, 60]);
        options.Companies["demo"].Embedded.CallbackRetries.ShouldBe(5);
    }

    [Fact]
    public async Task Healthz_AnswersAnonymouslyOnceTheEnginesAreOpen()
    {
        await using var factory = new TaskConsoleFactory(_data);
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Default_ServesTheTwoDemoCompaniesEachInItsOwnWorkspace()
    {
        await using var factory = new TaskConsoleFactory(_data);
        var directory = factory.Services.GetRequiredService<TaskRouterDirectory>();

        directory.Companies.Select(c => c.Id).Order().ShouldBe(["demo", "northwind"]);
        var demo = directory.Find("demo")!;
        var northwind = directory.Find("NORTHWIND")!;
        (await demo.GetWorkspaceAsync(TestContext.Current.CancellationToken)).Sid
            .ShouldNotBe((await northwind.GetWorkspaceAsync(TestContext.Current.CancellationToken)).Sid);
        (await demo.GetTaskQueuesAsync(TestContext.Current.CancellationToken)).Count.ShouldBe(5);
        (await demo.GetWorkersAsync(TestContext.Current.CancellationToken)).Count.ShouldBe(12);
        demo.Company.TimeZone.Id.ShouldBe("America/New_York");
        File.Exists(Path.Combine(_data, "taskrouter", "demo.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Restart_ReopensTheSameWorkspacesWithTheirTasks()
    {
        string workspaceSid;
        string taskSid;
        await using (var first = new TaskConsoleFactory(_data))
        {
            var demo = first.Services.GetRequiredService<TaskRouterDirectory>().Find("demo")!;
            workspaceSid = (await demo.GetWorkspaceAsync(TestContext.Current.CancellationToken)).Sid;
            var task = await demo.CreateTaskAsync(new NewTask("""{"taskType":"reviewVoicemail","language":"en"}""", TaskChannel: "voice"), TestContext.Current.CancellationToken);
            taskSid = task.GetValueOrThrow().Sid;
        }

        await using var second = new TaskConsoleFactory(_data);
        var reopened = second.Services.GetRequiredService<TaskRouterDirectory>().Find("demo")!;

        (await reopened.GetWorkspaceAsync(TestContext.Current.CancellationToken)).Sid.ShouldBe(workspaceSid);
        (await reopened.GetTaskAsync(taskSid, TestContext.Current.CancellationToken)).ShouldNotBeNull();
        (await reopened.GetWorkersAsync(TestContext.Current.CancellationToken)).Count.ShouldBe(12, "the demo is seeded once");
    }

    [Fact]
    public async Task InvalidConfiguration_StopsStartUpNamingEveryBadKey()
    {
        await using var factory = new TaskConsoleFactory(_data, new Dictionary<string, string?>
        {
            ["TaskConsole:Companies:demo:TimeZone"] = "Mars/Olympus",
            ["TaskConsole:Companies:northwind:TaskRouter"] = "Twilio",
            ["TaskConsole:Simulator:TasksPerMinute"] = "-1",
        });

        var error = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        error.Message.ShouldContain("TaskConsole:Companies:demo:TimeZone 'Mars/Olympus' is not a known time zone");
        error.Message.ShouldContain("TaskConsole:Companies:northwind:TaskRouter");
        error.Message.ShouldContain("TaskConsole:Simulator:TasksPerMinute must be between 0 and 100000");
    }

    [Fact]
    public async Task EmbeddedWorkspaces_UseTheConfiguredAccountSid()
    {
        await using var factory = new TaskConsoleFactory(_data, new Dictionary<string, string?>
        {
            ["TaskConsole:Companies:demo:Embedded:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        });
        var workspaces = factory.Services.GetRequiredService<EmbeddedWorkspaces>();

        workspaces.Clients.Single(c => c.Company.Id == "demo").Engine.Workspace.AccountSid.ShouldBe("AC0123456789abcdef0123456789abcdef");
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
