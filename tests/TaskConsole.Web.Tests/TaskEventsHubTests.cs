using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.RealTime;

namespace TaskConsole.Web;

public sealed class TaskEventsHubTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Clients_ReceiveTheEventsOfTheirCompaniesOnly()
    {
        var cancel = TestContext.Current.CancellationToken;
        var demoEvents = new ConcurrentQueue<TaskEventMessage>();
        var northwindEvents = new ConcurrentQueue<TaskEventMessage>();
        var demoCreated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var northwindCreated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var demo = Connect("demo:viewer");
        await using var northwind = Connect("northwind:supervisor");
        demo.On<TaskEventMessage>("TaskEvent", message =>
        {
            demoEvents.Enqueue(message);
            if (message.EventType == EventTypes.TaskCreated)
            {
                demoCreated.TrySetResult();
            }
        });
        northwind.On<TaskEventMessage>("TaskEvent", message =>
        {
            northwindEvents.Enqueue(message);
            if (message.EventType == EventTypes.TaskCreated)
            {
                northwindCreated.TrySetResult();
            }
        });
        await demo.StartAsync(cancel);
        await northwind.StartAsync(cancel);

        var demoTask = api.Engine("demo").CreateTask(new NewTask("""{"taskType":"reviewSnoozedCase"}""")).GetValueOrThrow();
        await demoCreated.Task.WaitAsync(TimeSpan.FromSeconds(30), cancel);
        var northwindTask = api.Engine("northwind").CreateTask(new NewTask("""{"taskType":"reviewSnoozedCase"}""")).GetValueOrThrow();
        await northwindCreated.Task.WaitAsync(TimeSpan.FromSeconds(30), cancel);

        var created = demoEvents.First(e => e.EventType == EventTypes.TaskCreated);
        created.Company.ShouldBe("demo");
        created.TaskSid.ShouldBe(demoTask.Sid);
        created.EventSid.ShouldStartWith("EV");
        created.TimestampMs.ShouldBeGreaterThan(0);
        demoEvents.ShouldAllBe(e => e.Company == "demo");
        northwindEvents.ShouldAllBe(e => e.Company == "northwind");
        northwindEvents.ShouldContain(e => e.TaskSid == northwindTask.Sid);
        northwindEvents.ShouldNotContain(e => e.TaskSid == demoTask.Sid);
    }

    [Fact]
    public async Task Strangers_CannotConnect()
    {
        await using var stranger = Connect(null);

        await Should.ThrowAsync<HttpRequestException>(() => stranger.StartAsync(TestContext.Current.CancellationToken));
    }

    private HubConnection Connect(string? key) => new HubConnectionBuilder()
        .WithUrl(new Uri(api.Factory.Server.BaseAddress, "/hubs/task-events"), options =>
        {
            options.Transports = HttpTransportType.LongPolling;
            options.HttpMessageHandlerFactory = _ => api.Factory.Server.CreateHandler();
            if (key is not null)
            {
                options.Headers.Add("X-API-KEY", api.Keys[key]);
            }
        })
        .Build();
}
