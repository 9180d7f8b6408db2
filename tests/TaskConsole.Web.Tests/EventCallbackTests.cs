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
