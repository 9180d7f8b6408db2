using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Twilio.Rest.Taskrouter.V1;
using Twilio.Rest.Taskrouter.V1.Workspace;
using Twilio.Security;
using TaskReservation = Twilio.Rest.Taskrouter.V1.Workspace.Task.ReservationResource;

namespace TaskConsole.Web;

/// <summary>Event callbacks posted to a real HTTP receiver, each checked with the Twilio SDK's own RequestValidator.</summary>
public sealed class EventCallbackTests(TwilioSdkFixture fixture) : IClassFixture<TwilioSdkFixture>, IAsyncLifetime
{
    private readonly ConcurrentQueue<Callback> _received = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
    private WebApplication _receiver = null!;
    private string _url = null!;
    private readonly ConcurrentQueue<Callback> _assignments = new();
    private string _assignmentAnswer = "{}";
    private TaskCompletionSource<Callback>? _awaited;
    private Func<Callback, bool> _awaitedMatch = _ => false;

    private string Ws => fixture.WorkspaceSid;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/callbacks", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var callback = new Callback(
                $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}",
                form.ToDictionary(f => f.Key, f => f.Value.ToString()),
                http.Request.Headers["X-Twilio-Signature"].ToString(),
                http.Request.Headers["I-Twilio-Idempotency-Token"].ToString());
            if (_failuresLeft.TryGetValue(callback.Parameters["EventType"], out var left) && left > 0)
            {
                _failuresLeft[callback.Parameters["EventType"]] = left - 1;
                _received.Enqueue(callback with { Refused = true });
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            _received.Enqueue(callback);
            if (_awaitedMatch(callback))
            {
                _awaited?.TrySetResult(callback);
            }

            return Results.NoContent();
        });
        _receiver.MapPost("/assign", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            _assignments.Enqueue(new Callback(
                $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}",
                form.ToDictionary(f => f.Key, f => f.Value.ToString()),
                http.Request.Headers["X-Twilio-Signature"].ToString(),
                ""));
            return Results.Content(_assignmentAnswer, "application/json");
        });
        _receiver.MapPost("/down", () => Results.StatusCode(StatusCodes.Status502BadGateway));
        await _receiver.StartAsync();
        _url = _receiver.Urls.Single() + "/callbacks?source=tests";
    }

    private Task<Callback> Await(Func<Callback, bool> match)
    {
        _awaitedMatch = match;
        _awaited = new TaskCompletionSource<Callback>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _awaited.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    private (WorkflowResource Workflow, string Skill) Route()
    {
        var skill = "cb" + Guid.NewGuid().ToString("N")[..8];
        var available = ActivityResource.Read(Ws, friendlyName: "Available", client: fixture.Client).Single();
        WorkerResource.Create(Ws, $"{skill}-agent", activitySid: available.Sid, attributes: $$"""{"skills":["{{skill}}"]}""", client: fixture.Client);
        var queue = TaskQueueResource.Create(Ws, $"{skill} queue", targetWorkers: $"skills HAS '{skill}'", client: fixture.Client);
        var workflow = WorkflowResource.Create(Ws, $"{skill} workflow", $$$$"""{"task_routing":{"filters":[],"default_filter":{"queue":"{{{{queue.Sid}}}}"}}}""", client: fixture.Client);
        return (workflow, skill);
    }

    [Fact]
    public async Task EveryFilteredEvent_ArrivesInOrder_SignedAsTwilioSignsIt()
    {
        var (workflow, skill) = Route();
        await WorkspaceResource.UpdateAsync(Ws, eventCallbackUrl: new Uri(_url), eventsFilter: "task.created,reservation.created,reservation.accepted,task.completed", client: fixture.Client);

        var task = await TaskResource.CreateAsync(Ws, attributes: $$"""{"type":"{{skill}}","note":"Ünïcode & spaces = fine"}""", workflowSid: workflow.Sid, client: fixture.Client);
        var completedArrived = Await(c => c.Parameters["EventType"] == "task.completed" && c.Parameters.GetValueOrDefault("TaskSid") == task.Sid);
        var reservation = (await TaskReservation.ReadAsync(Ws, task.Sid, client: fixture.Client)).Single();
        await TaskReservation.UpdateAsync(Ws, task.Sid, reservation.Sid, reservationStatus: TaskReservation.StatusEnum.Accepted, client: fixture.Client);
        await TaskResource.UpdateAsync(Ws, task.Sid, assignmentStatus: TaskResource.StatusEnum.Completed, reason: "done", client: fixture.Client);
        await completedArrived;

        var forTask = _received.Where(c => c.Parameters.GetValueOrDefault("TaskSid") == task.Sid).ToList();
        forTask.Select(c => c.Parameters["EventType"]).ShouldBe(["task.created", "reservation.created", "reservation.accepted", "task.completed"]);
        forTask.Select(c => long.Parse(c.Parameters["TimestampMs"], System.Globalization.CultureInfo.InvariantCulture)).ShouldBeInOrder();
        _received.ShouldAllBe(c => c.Parameters["EventType"] == "task.created" || c.Parameters["EventType"].StartsWith("reservation.") || c.Parameters["EventType"] == "task.completed");

        var validator = new RequestValidator(fixture.Credential.AuthToken);
        foreach (var callback in _received)
        {
            validator.Validate(callback.Url, callback.Parameters, callback.Signature).ShouldBeTrue($"{callback.Parameters["EventType"]} is not signed as Twilio signs");
        }

        new RequestValidator(new string('0', 32)).Validate(forTask[0].Url, forTask[0].Parameters, forTask[0].Signature).ShouldBeFalse();
        var created = forTask[0].Parameters;
        created["AccountSid"].ShouldBe(fixture.Credential.AccountSid);
        created["WorkspaceSid"].ShouldBe(Ws);
        created["ResourceType"].ShouldBe("Task");
        created["TaskAttributes"].ShouldContain("Ünïcode & spaces = fine");
        forTask[3].Parameters["TaskCompletedReason"].ShouldBe("done");
    }

    [Fact]
    public async Task FailedDelivery_IsRetried_UntilTheReceiverTakesIt()
    {
        var (workflow, skill) = Route();
        await WorkspaceResource.UpdateAsync(Ws, eventCallbackUrl: new Uri(_url), eventsFilter: "task.created", client: fixture.Client);
        _failuresLeft["task.created"] = 2;

        var task = await TaskResource.CreateAsync(Ws, attributes: $$"""{"type":"{{skill}}"}""", workflowSid: workflow.Sid, client: fixture.Client);
        var taken = Await(c => c.Parameters.GetValueOrDefault("TaskSid") == task.Sid);
        var callback = await taken;

        var attempts = _received.Where(c => c.Parameters.GetValueOrDefault("TaskSid") == task.Sid).ToList();
        attempts.Select(a => a.Refused).ShouldBe([true, true, false]);
        attempts.Select(a => a.IdempotencyToken).Distinct().ShouldBe([callback.Parameters["Sid"]]);
    }

    [Theory]
    [InlineData("/assign", null)]
    [InlineData("/down", "/assign")]
    public async Task AssignmentCallback_ThatAnswersAccept_AssignsTheTask_ThroughItsFallbackWhenNeeded(string callback, string? fallback)
    {
        var (workflow, skill) = Route();
        var root = _receiver.Urls.Single();
        await WorkflowResource.UpdateAsync(
            Ws, workflow.Sid, assignmentCallbackUrl: new Uri(root + callback), fallbackAssignmentCallbackUrl: fallback is null ? null : new Uri(root + fallback), client: fixture.Client);
        _assignmentAnswer = """{"instruction":"accept"}""";
        using var events = fixture.Engine.Subscribe();

        var task = await TaskResource.CreateAsync(Ws, attributes: $$"""{"type":"{{skill}}"}""", workflowSid: workflow.Sid, client: fixture.Client);
        await NextAsync(events, "reservation.accepted", task.Sid);

        (await TaskResource.FetchAsync(Ws, task.Sid, client: fixture.Client)).AssignmentStatus.ShouldBe(TaskResource.StatusEnum.Assigned);
        var call = _assignments.Single(a => a.Parameters["TaskSid"] == task.Sid);
        call.Parameters.Keys.ShouldBe(
            ["Timestamp", "AccountSid", "WorkspaceSid", "WorkflowSid", "TaskQueueSid", "WorkerSid", "WorkerAttributes", "TaskSid", "TaskAttributes", "TaskAge", "ReservationSid"], ignoreOrder: true);
        new RequestValidator(fixture.Credential.AuthToken).Validate(call.Url, call.Parameters, call.Signature).ShouldBeTrue();
    }

    [Fact]
    public async Task AssignmentCallback_ThatAnswersReject_MovesTheWorkerToTheGivenActivity()
    {
        var (workflow, skill) = Route();
        var offline = (await ActivityResource.ReadAsync(Ws, friendlyName: "Offline", client: fixture.Client)).Single();
        await WorkflowResource.UpdateAsync(Ws, workflow.Sid, assignmentCallbackUrl: new Uri(_receiver.Urls.Single() + "/assign"), client: fixture.Client);
        _assignmentAnswer = $$"""{"instruction":"reject","activity_sid":"{{offline.Sid}}"}""";
        using var events = fixture.Engine.Subscribe();

        var task = await TaskResource.CreateAsync(Ws, attributes: $$"""{"type":"{{skill}}"}""", workflowSid: workflow.Sid, client: fixture.Client);
        var rejected = await NextAsync(events, "reservation.rejected", task.Sid);

        (await WorkerResource.FetchAsync(Ws, rejected.WorkerSid!, client: fixture.Client)).ActivityName.ShouldBe("Offline");
        (await TaskResource.FetchAsync(Ws, task.Sid, client: fixture.Client)).AssignmentStatus.ShouldBe(TaskResource.StatusEnum.Pending);
    }

    private static async Task<TaskConsole.Core.TaskRouter.TaskRouterEvent> NextAsync(TaskConsole.Core.Embedded.EventSubscription events, string type, string taskSid)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var evt in events.Reader.ReadAllAsync(timeout.Token))
        {
            if (evt.EventType == type && evt.TaskSid == taskSid)
            {
                return evt;
            }
        }

        throw new InvalidOperationException($"{type} of {taskSid} never came");
    }

    public async ValueTask DisposeAsync()
    {
        await WorkspaceResource.UpdateAsync(Ws, eventCallbackUrl: new Uri("http://127.0.0.1:9/unused"), eventsFilter: "workspace.deleted", client: fixture.Client);
        await _receiver.DisposeAsync();
    }

    private sealed record Callback(string Url, Dictionary<string, string> Parameters, string Signature, string IdempotencyToken)
    {
        public bool Refused { get; init; }
    }
}
