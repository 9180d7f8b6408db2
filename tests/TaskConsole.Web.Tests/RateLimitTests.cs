using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Web.Security;

namespace TaskConsole.Web;

public sealed class RateLimitTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-ratelimit-").FullName;

    [Fact]
    public async Task EachCaller_GetsItsOwnBudget_Then429WithRetryAfter()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var factory = new TaskConsoleFactory(_data, new Dictionary<string, string?> { ["TaskConsole:RateLimit:RequestsPerMinute"] = "3" });
        factory.CreateClient().Dispose();
        string first, second;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            first = (await keys.CreateAsync("demo", CompanyRole.Viewer, "first", cancel)).Key;
            second = (await keys.CreateAsync("demo", CompanyRole.Viewer, "second", cancel)).Key;
        }

        using var busy = factory.CreateClient();
        busy.DefaultRequestHeaders.Add("X-API-KEY", first);
        for (var i = 0; i < 3; i++)
        {
            (await busy.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await busy.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), cancel);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await ApiFixture.JsonAsync(refused)).GetProperty("status").GetInt32().ShouldBe(429);

        using var other = factory.CreateClient();
        other.DefaultRequestHeaders.Add("X-API-KEY", second);
        (await other.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
