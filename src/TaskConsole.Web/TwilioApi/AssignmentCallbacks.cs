using System.Text.Json;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web.TwilioApi;

/// <summary>
/// Calls a workflow's <c>AssignmentCallbackUrl</c> when one of its tasks is reserved for a worker, as twilio.com does,
/// and carries out the assignment instruction in the answer: <c>accept</c>, or <c>reject</c> with an optional
/// <c>activity_sid</c> for the worker. An empty JSON object leaves the reservation pending for the REST API. When the
/// callback fails or does not answer within five seconds, the <c>FallbackAssignmentCallbackUrl</c> is tried once.
/// </summary>
public sealed class AssignmentCallbacks(
    EmbeddedWorkspaces workspaces,
    EmbeddedCredentials credentials,
    IHttpClientFactory httpClients,
    ILogger<AssignmentCallbacks> logger) : BackgroundService
{
    /// <summary>Twilio gives an assignment callback five seconds to answer.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Callbacks of one workspace in flight at once; reservations are independent, so they need no order.</summary>
    private const int ConcurrentCallbacks = 16;

    private static readonly string[] Parameters =
        ["Timestamp", "AccountSid", "WorkspaceSid", "WorkflowSid", "TaskQueueSid", "WorkerSid", "WorkerAttributes", "TaskSid", "TaskAttributes", "TaskAge", "ReservationSid"];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(workspaces.Clients.Select(client => Task.Run(() => ReadAsync(client, stoppingToken), stoppingToken)));

    private async Task ReadAsync(EmbeddedTaskRouterClient client, CancellationToken stoppingToken)
    {
        using var inFlight = new SemaphoreSlim(ConcurrentCallbacks);
        var pending = new List<Task>();
        try
        {
            await foreach (var evt in client.SubscribeAsync(client.Engine.LastSequence, stoppingToken))
            {
                if (evt.EventType != EventTypes.ReservationCreated || evt.WorkflowSid is null
                    || client.Engine.GetWorkflow(evt.WorkflowSid) is not { AssignmentCallbackUrl: { Length: > 0 } } workflow)
                {
                    continue;
                }

                await inFlight.WaitAsync(stoppingToken);
                pending.RemoveAll(t => t.IsCompleted);
                pending.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            await AssignAsync(client, workflow, evt, stoppingToken);
                        }
                        finally
                        {
                            inFlight.Release();
                        }
                    },
                    stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(pending).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task AssignAsync(EmbeddedTaskRouterClient client, WorkflowInfo workflow, TaskRouterEvent evt, CancellationToken stoppingToken)
    {
        var credential = await credentials.GetAsync(client.Company.Id, stoppingToken);
        var parameters = Parameters.Where(evt.Data.ContainsKey).ToDictionary(p => p, p => evt.Data[p]);
        var answer = await PostAsync(workflow.AssignmentCallbackUrl!, parameters, credential!.AuthToken, stoppingToken);
        if (answer is null && workflow.FallbackAssignmentCallbackUrl is { Length: > 0 } fallback)
        {
            answer = await PostAsync(fallback, parameters, credential.AuthToken, stoppingToken);
        }

        if (answer is null)
        {
            return;
        }

        var (instruction, activitySid) = Read(answer);
        var update = instruction switch
        {
            "accept" => new ReservationUpdate(ReservationStatus.Accepted),
            "reject" => new ReservationUpdate(ReservationStatus.Rejected, activitySid),
            _ => null,
        };
        if (update is null)
        {
            if (instruction is not null)
            {
                logger.LogWarning(
                    "The assignment callback of workflow {Workflow} answered the instruction '{Instruction}' for reservation {Reservation}; only accept and reject are carried out without Twilio Voice, so it stays pending",
                    workflow.FriendlyName, instruction, evt.ReservationSid);
            }

            return;
        }

        var result = client.Engine.UpdateReservation(evt.TaskSid!, evt.ReservationSid!, update);
        if (!result.IsSuccess)
        {
            logger.LogWarning("Could not {Instruction} reservation {Reservation} as its assignment callback asked: {Problem}", instruction, evt.ReservationSid, result.Error!.Message);
        }
    }

    /// <summary>The answer body of a 2xx, or null when the callback failed, was refused or did not answer in time.</summary>
    private async Task<string?> PostAsync(string url, Dictionary<string, string> parameters, string authToken, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(AnswerTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(parameters) };
            request.Headers.Add(EventCallbackDelivery.SignatureHeader, EventCallbackDelivery.Sign(url, parameters, authToken));
            using var response = await httpClients.CreateClient(EventCallbackDelivery.HttpClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsStringAsync(timeout.Token);
            }

            logger.LogWarning("Assignment callback {Url} answered HTTP {Status} for reservation {Reservation}", url, (int)response.StatusCode, parameters.GetValueOrDefault("ReservationSid"));
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Assignment callback {Url} failed for reservation {Reservation}: {Problem}", url, parameters.GetValueOrDefault("ReservationSid"), e.Message);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Assignment callback {Url} did not answer within {Seconds} s for reservation {Reservation}", url, AnswerTimeout.TotalSeconds, parameters.GetValueOrDefault("ReservationSid"));
        }

        return null;
    }

    /// <summary>The instruction of an answer; an empty body or <c>{}</c> defers the decision to the REST API.</summary>
    private (string? Instruction, string? ActivitySid) Read(string answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (!root.TryGetProperty("instruction", out var instruction) || instruction.ValueKind != JsonValueKind.String)
            {
                if (root.EnumerateObject().Any())
                {
                    logger.LogWarning("An assignment callback answered JSON without an instruction (Twilio warning 40005): {Answer}", answer.Length > 200 ? answer[..200] : answer);
                }

                return (null, null);
            }

            var activity = root.TryGetProperty("activity_sid", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null;
            return (instruction.GetString()!.ToLowerInvariant(), activity);
        }
        catch (JsonException)
        {
            logger.LogWarning("An assignment callback answered something that is not JSON: {Answer}", answer.Length > 200 ? answer[..200] : answer);
            return (null, null);
        }
    }
}
