using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TaskConsole.Web;

/// <summary>Malformed Twilio-format requests get Twilio's error body with a 4xx, never a 5xx.</summary>
public sealed class TwilioApiRobustnessTests(TwilioSdkFixture fixture) : IClassFixture<TwilioSdkFixture>
{
    [Fact]
    public async Task MalformedRequests_GetTwilioErrors_NeverA5xx()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fixture.Credential.AccountSid}:{fixture.Credential.AuthToken}")));
        var random = new Random(11);
        string[] paths =
        [
            "", "/Statistics", "/Tasks", "/Tasks/{0}", "/Tasks/{0}/Reservations", "/Tasks/{0}/Reservations/{0}", "/Workers", "/Workers/{0}",
            "/Workers/{0}/Channels", "/Workers/{0}/Channels/{0}", "/Workers/{0}/Reservations/{0}", "/Workers/{0}/Statistics", "/Workers/Statistics",
            "/TaskQueues", "/TaskQueues/{0}", "/TaskQueues/{0}/Statistics", "/TaskQueues/{0}/CumulativeStatistics", "/TaskQueues/Statistics",
            "/TaskQueues/RealTimeStatistics", "/Workflows", "/Workflows/{0}", "/Activities", "/Activities/{0}", "/TaskChannels/{0}", "/Events", "/Events/{0}",
        ];
        string[] junk =
        [
            "", "'", "\"", "WT", "WT0123456789abcdef0123456789abcdeZ", new string('x', 5000), "-1", "99999999999999999999", "true", "[]", "{}",
            "{\"a\":", "a IN", "😀", "..%2F..", "null", "Priority:sideways", "2026-13-45", "0", "default", "http://", "pending,bogus",
        ];
        string[] parameters =
        [
            "Priority", "Timeout", "Attributes", "AssignmentStatus", "Ordering", "PageSize", "PageToken", "EvaluateTaskAttributes", "TargetWorkersExpression",
            "EvaluateWorkerAttributes", "Capacity", "ReservationStatus", "Configuration", "TaskOrder", "MaxReservedWorkers", "EventCallbackUrl", "StartDate",
            "EndDate", "Minutes", "SplitByWaitTime", "FriendlyName", "TaskChannel", "WorkflowSid", "ActivitySid", "Available", "TaskReservationTimeout",
        ];
        HttpMethod[] methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete];
        var refused = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, paths[random.Next(paths.Length)], Uri.EscapeDataString(junk[random.Next(junk.Length)]));
            var pairs = Enumerable.Range(0, random.Next(4)).Select(_ => KeyValuePair.Create(parameters[random.Next(parameters.Length)], junk[random.Next(junk.Length)])).ToList();
            var method = methods[random.Next(methods.Length)];
            using var request = new HttpRequestMessage(method, $"/v1/Workspaces/{fixture.WorkspaceSid}{path}");
            if (method == HttpMethod.Get)
            {
                request.RequestUri = new Uri(request.RequestUri + "?" + string.Join("&", pairs.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")), UriKind.Relative);
            }
            else
            {
                request.Content = new FormUrlEncodedContent(pairs);
            }

            using var response = await client.SendAsync(request, cancel);
            var status = (int)response.StatusCode;
            status.ShouldBeLessThan(500, $"{request.Method} {request.RequestUri} {string.Join("&", pairs)}");
            if (status >= 400)
            {
                refused++;
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
                body.RootElement.GetProperty("status").GetInt32().ShouldBe(status);
                body.RootElement.GetProperty("code").GetInt32().ShouldBeGreaterThan(20000);
                body.RootElement.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
                body.RootElement.GetProperty("more_info").GetString()!.ShouldStartWith("https://www.twilio.com/docs/errors/");
            }
        }

        refused.ShouldBeGreaterThan(1_000);
    }
}
