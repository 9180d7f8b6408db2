using System.Net;
using System.Text;

namespace TaskConsole.Web;

/// <summary>Run on both database providers through the two sealed classes below.</summary>
public abstract class AuthorizationTests(ApiFixture api)
{
    private const string Sid = "WT0123456789abcdef0123456789abcdef";

    public static TheoryData<string, string, string> Endpoints => new()
    {
        // method, path under /companies/{company}, the least role that may call it
        { "GET", "/twilio-queues", "viewer" },
        { "GET", "/twilio-workers?include=statsToday", "viewer" },
        { "GET", "/twilio-unterminated-tasks", "viewer" },
        { "GET", $"/twilio-unterminated-tasks/{Sid}", "viewer" },
        { "DELETE", $"/twilio-unterminated-tasks/{Sid}", "supervisor" },
        { "DELETE", "/twilio-unterminated-tasks", "supervisor" },
        { "POST", $"/twilio-unterminated-tasks/{Sid}/abandon", "supervisor" },
        { "GET", "/twilio-terminated-tasks", "viewer" },
        { "GET", $"/twilio-terminated-tasks/{Sid}", "viewer" },
        { "POST", $"/twilio-terminated-tasks/{Sid}/clone", "supervisor" },
        { "GET", "/audit-log", "viewer" },
        { "GET", "/exports/unterminated-tasks.csv", "viewer" },
        { "GET", "/exports/terminated-tasks.csv", "viewer" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EveryEndpoint_DeniesWhoMayNotCallIt(string method, string path, string minimum)
    {
        (await SendAsync(null, method, "demo", path)).Status.ShouldBe(HttpStatusCode.Unauthorized, "no credential");
        (await SendAsync("not-a-key", method, "demo", path)).Status.ShouldBe(HttpStatusCode.Unauthorized, "an unknown key");
        (await SendAsync("revoked", method, "demo", path)).Status.ShouldBe(HttpStatusCode.Unauthorized, "a revoked key");
        (await SendAsync("northwind:supervisor", method, "demo", path)).ShouldBe((HttpStatusCode.NotFound, true), "another company's key");
        (await SendAsync("demo:admin", method, "acme", path)).ShouldBe((HttpStatusCode.NotFound, true), "a company that does not exist");
        foreach (var role in new[] { "viewer", "supervisor", "admin" })
        {
            var (status, companyDenied) = await SendAsync($"demo:{role}", method, "demo", path);
            if (Rank(role) < Rank(minimum))
            {
                status.ShouldBe(HttpStatusCode.Forbidden, role);
            }
            else
            {
                AssertAllowed(status, companyDenied, role);
            }
        }

        var (bootstrap, bootstrapDenied) = await SendAsync(ApiFixture.BootstrapKey, method, "northwind", path);
        AssertAllowed(bootstrap, bootstrapDenied, "the bootstrap key");
    }

    private static void AssertAllowed(HttpStatusCode status, bool companyDenied, string who)
    {
        status.ShouldNotBeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], who);
        companyDenied.ShouldBeFalse(who);
        ((int)status).ShouldBeLessThan(500, who);
    }

    [Fact]
    public async Task Denials_AnswerTheApiErrorBody()
    {
        using var anonymous = api.Client(null);
        var response = await anonymous.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await ApiFixture.JsonAsync(response);

        body.GetProperty("status").GetInt32().ShouldBe(401);
        body.GetProperty("message").GetString()!.ShouldContain("X-API-KEY");
    }

    [Fact]
    public async Task HealthAndUnknownPaths_NeedNoCredentialToAnswer()
    {
        using var anonymous = api.Client(null);
        (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryEndpointAndTheThreeSchemes_ForSignedInCallers()
    {
        using var anonymous = api.Client(null);
        (await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var viewer = api.Client("demo:viewer");
        var document = await ApiFixture.JsonAsync(await viewer.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/companies/{companyId}/twilio-queues");
        paths.ShouldContain("/companies/{companyId}/twilio-unterminated-tasks/{taskSid}/abandon");
        paths.ShouldContain("/companies/{companyId}/twilio-terminated-tasks/{taskHistoryId}/clone");
        paths.ShouldContain("/twilio/tasktype-availability");
        document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).Order()
            .ShouldBe(["apiKeyHeader", "bearerAuth", "oauth2"]);
        paths.ShouldNotContain("/signout");

        var reference = await anonymous.GetAsync(new Uri("/api-reference", UriKind.Relative), TestContext.Current.CancellationToken);
        reference.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/signin", "the reference page is for signed-in users");
    }

    private static int Rank(string role) => role switch { "viewer" => 1, "supervisor" => 2, _ => 3 };

    /// <summary>The status, and whether it is the company-scope denial (a 404 naming companyId).</summary>
    private async Task<(HttpStatusCode Status, bool CompanyDenied)> SendAsync(string? key, string method, string company, string path)
    {
        using var client = api.Client(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/companies/{company}{path}");
        if (method == "DELETE" && !path.Contains("WT", StringComparison.Ordinal))
        {
            request.Content = new StringContent($$"""{"taskSids":["{{Sid}}"]}""", Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.NotFound && body.Contains("\"companyId:", StringComparison.Ordinal));
    }
}

public sealed class AuthorizationTestsOnSqlite(ApiFixture api) : AuthorizationTests(api), IClassFixture<ApiFixture>;

public sealed class AuthorizationTestsOnPostgres(PostgresApiFixture api) : AuthorizationTests(api), IClassFixture<PostgresApiFixture>;
