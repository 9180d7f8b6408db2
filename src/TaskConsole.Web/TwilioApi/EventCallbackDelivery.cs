using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Options;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web.TwilioApi;

/// <summary>
/// Posts every event of each embedded workspace to its <c>EventCallbackUrl</c> as twilio.com does: form-encoded
/// parameters, filtered by <c>EventsFilter</c>, signed in <c>X-Twilio-Signature</c> with the company's auth token.
/// </summary>
/// <remarks>
/// One reader per workspace delivers in order. It reads its own subscription, so a slow or absent receiver never slows
/// routing or the dashboard. A failure (no connection, timeout, 408, 429 or 5xx) is retried with doubling delays from
/// one second, <c>CallbackRetries</c> times, then given up and logged. While a receiver is failing, later events get a
/// single attempt each until one succeeds, so a long outage drops events instead of building an unbounded backlog.
/// </remarks>
public sealed class EventCallbackDelivery(
    EmbeddedWorkspaces workspaces,
    EmbeddedCredentials credentials,
    IHttpClientFactory httpClients,
    IOptions<TaskConsoleOptions> options,
    TimeProvider time,
    ILogger<EventCallbackDelivery> logger) : BackgroundService
{
    public const string HttpClientName = "taskrouter-event-callbacks";
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>Twilio expects a receiver to answer within 15 seconds.</summary>
    public static readonly TimeSpan ReceiverTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Twilio's webhook signature: HMAC-SHA1 of the URL followed by every parameter name and value, sorted by name, keyed with the auth token.</summary>
    public static string Sign(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(parameters);
        var text = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(text.ToString())));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(workspaces.Clients.Select(client => Task.Run(() => DeliverAsync(client, stoppingToken), stoppingToken)));

    private async Task DeliverAsync(EmbeddedTaskRouterClient client, CancellationToken stoppingToken)
    {
        var retries = options.Value.Companies.GetValueOrDefault(client.Company.Id)?.Embedded.CallbackRetries ?? 5;
        var receiverFailing = false;
        var from = client.Engine.LastSequence;
        try
        {
            await foreach (var evt in client.SubscribeAsync(from, stoppingToken))
            {
                var workspace = client.Engine.Workspace;
                if (string.IsNullOrEmpty(workspace.EventCallbackUrl) || !Wanted(workspace.EventsFilter, evt.EventType))
                {
                    continue;
                }

                var credential = await credentials.GetAsync(client.Company.Id, stoppingToken);
                var delivered = await PostAsync(workspace.EventCallbackUrl, evt, credential!.AuthToken, receiverFailing ? 0 : retries, stoppingToken);
                if (!delivered)
                {
                    logger.LogWarning(
                        "Gave up delivering {EventType} {EventSid} of {Company} to {Url}",
                        evt.EventType, evt.Sid, client.Company.Id, workspace.EventCallbackUrl);
                }

                receiverFailing = !delivered;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> PostAsync(string url, TaskRouterEvent evt, string authToken, int retries, CancellationToken stoppingToken)
    {
        var signature = Sign(url, evt.Data, authToken);
        var http = httpClients.CreateClient(HttpClientName);
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(evt.Data) };
                request.Headers.Add(SignatureHeader, signature);
                request.Headers.Add("I-Twilio-Idempotency-Token", evt.Sid);
                request.Headers.UserAgent.ParseAdd("TaskConsole-TaskRouter/1.0");
                using var response = await http.SendAsync(request, stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                failure = $"HTTP {(int)response.StatusCode}";
                if (!IsTransient(response.StatusCode))
                {
                    logger.LogWarning("{Url} refused {EventType} {EventSid} with {Failure}; not retried", url, evt.EventType, evt.Sid, failure);
                    return false;
                }
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            catch (TaskCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                failure = $"no answer within {ReceiverTimeout.TotalSeconds:0} s";
            }

            if (attempt >= retries)
            {
                logger.LogWarning("Delivering {EventType} {EventSid} to {Url} failed {Attempts} times, last with {Failure}", evt.EventType, evt.Sid, url, attempt + 1, failure);
                return false;
            }

            await Task.Delay(delay, time, stoppingToken);
            delay *= 2;
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>An empty filter passes every event; otherwise a comma-separated list of event types.</summary>
    private static bool Wanted(string? filter, string eventType) =>
        string.IsNullOrWhiteSpace(filter)
        || filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(eventType, StringComparer.Ordinal);
}
