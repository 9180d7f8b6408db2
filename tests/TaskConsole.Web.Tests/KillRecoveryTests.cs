using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;

namespace TaskConsole.Web;

/// <summary>The real app, killed with SIGKILL while the simulator is busy, leaves workspaces that reopen whole.</summary>
public sealed class KillRecoveryTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-kill-").FullName;

    [Fact]
    public async Task KillDashNine_WhileRouting_LeavesConsistentWorkspaces()
    {
        var port = FreePort();
        var app = Path.Combine(AppContext.BaseDirectory, "TaskConsole.Web.dll");
        var start = new ProcessStartInfo("dotnet", [app, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["TaskConsole__DataDirectory"] = _data,
                ["TaskConsole__Simulator__TasksPerMinute"] = "3000",
                ["TaskConsole__Simulator__Workers"] = "30",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilAsync(async () => (await TryGetAsync(http, "/healthz")) == HttpStatusCode.OK);
            var store = Path.Combine(_data, "taskrouter", "demo.db");
            await WaitUntilAsync(() => Task.FromResult(CountTasksCreated(store) >= 60));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        foreach (var company in new[] { "demo", "northwind" })
        {
            using var engine = TaskRouterEngine.Open(company, Sids.New(Sids.Account), new FakeTimeProvider(DateTimeOffset.UtcNow), new EngineStore(Path.Combine(_data, "taskrouter", $"{company}.db")));
            var tasks = engine.GetTasks();
            tasks.Count.ShouldBeGreaterThan(0, company);
            engine.GetWorkers().Count.ShouldBe(30, company);
            foreach (var task in tasks)
            {
                var reservations = engine.GetTaskReservations(task.Sid);
                var pending = reservations.Count(r => r.ReservationStatus == ReservationStatus.Pending);
                var held = reservations.Count(r => r.ReservationStatus is ReservationStatus.Accepted or ReservationStatus.Wrapping);
                (task.AssignmentStatus switch
                {
                    TaskAssignmentStatus.Pending => pending == 0 && held == 0,
                    TaskAssignmentStatus.Reserved => pending > 0 && held == 0,
                    TaskAssignmentStatus.Assigned or TaskAssignmentStatus.Wrapping => held == 1 && pending == 0,
                    _ => pending == 0 && held == 0,
                }).ShouldBeTrue($"{company} task {task.Sid} is {task.AssignmentStatus} with {pending} pending and {held} accepted reservations");
            }

            foreach (var worker in engine.GetWorkers())
            {
                foreach (var channel in engine.GetWorkerReservations(worker.Sid).Where(r => r.ReservationStatus.HoldsCapacity()).GroupBy(r => r.TaskChannelUniqueName))
                {
                    channel.Count().ShouldBeLessThanOrEqualTo(worker.ChannelCapacity[channel.Key]);
                }
            }
        }
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static int CountTasksCreated(string store)
    {
        if (!File.Exists(store))
        {
            return 0;
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM resources WHERE kind = 'task'";
        try
        {
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0;
        }
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the app did not get there in time");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
