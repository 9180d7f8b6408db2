using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TaskConsole.Web;

/// <summary>OAuth2/OIDC access tokens, here signed by a test key instead of an authority's published keys.</summary>
public sealed class BearerTokenTests : IAsyncLifetime
{
    private const string Issuer = "https://login.example.test/tenant";
    private const string Audience = "api://taskconsole";
    private static readonly SymmetricSecurityKey Key = new(Convert.FromBase64String("dGhpcyBpcyBhIHRlc3Qga2V5IG9mIDI1NiBiaXRzIGZvciBobWFj"));
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-bearer-").FullName;
    private TaskConsoleFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new TaskConsoleFactory(
            _data,
            new Dictionary<string, string?> { ["TaskConsole:Authentication:Bearer:Audience"] = Audience },
            services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                jwt.Authority = null;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = Issuer,
                    ValidAudience = Audience,
                    IssuerSigningKey = Key,
                };
            }));
        _factory.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ValidToken_OpensTheCompaniesAndRolesItsClaimsName()
    {
        using var client = Client(Token(["demo:viewer", "northwind:supervisor"]));

        (await GetAsync(client, "/companies/demo/twilio-queues")).ShouldBe(HttpStatusCode.OK);
        (await GetAsync(client, "/companies/northwind/twilio-workers")).ShouldBe(HttpStatusCode.OK);
        var delete = await client.DeleteAsync(new Uri("/companies/demo/twilio-unterminated-tasks/WT0123456789abcdef0123456789abcdef", UriKind.Relative), TestContext.Current.CancellationToken);
        delete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(Client(Token(["northwind:admin"])), "/companies/demo/twilio-queues")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Hub_AcceptsTheTokenAsAccessTokenInTheQuery_AsBrowsersSendIt()
    {
        using var client = _factory.CreateClient();
        var token = Token(["demo:viewer"]);

        var withToken = await client.PostAsync(new Uri($"/hubs/task-events/negotiate?negotiateVersion=1&access_token={token}", UriKind.Relative), null, TestContext.Current.CancellationToken);
        var without = await client.PostAsync(new Uri("/hubs/task-events/negotiate?negotiateVersion=1", UriKind.Relative), null, TestContext.Current.CancellationToken);

        withToken.StatusCode.ShouldBe(HttpStatusCode.OK);
        without.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong-audience")]
    [InlineData("wrong-key")]
    [InlineData("garbage")]
    public async Task BadTokens_Answer401WithTheApiError(string kind)
    {
        var token = kind switch
        {
            "expired" => Token(["demo:admin"], expires: DateTime.UtcNow.AddMinutes(-10)),
            "wrong-audience" => Token(["demo:admin"], audience: "api://other"),
            "wrong-key" => Token(["demo:admin"], key: new SymmetricSecurityKey(new byte[32])),
            _ => "not.a.token",
        };
        using var client = Client(token);

        var response = await client.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ApiFixture.JsonAsync(response)).GetProperty("status").GetInt32().ShouldBe(401);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static Task<HttpStatusCode> GetAsync(HttpClient client, string path) =>
        client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken).ContinueWith(t => t.Result.StatusCode, TaskScheduler.Default);

    private HttpClient Client(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Token(string[] companyRoles, DateTime? expires = null, string audience = Audience, SecurityKey? key = null)
    {
        var claims = new List<Claim> { new("sub", "user-42"), new("preferred_username", "ops@example.test") };
        claims.AddRange(companyRoles.Select(r => new Claim("taskconsole_company_roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
