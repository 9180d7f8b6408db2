using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Web.Security;

namespace TaskConsole.Web;

/// <summary>
/// Dashboard sign-in with Microsoft Entra ID through Microsoft.Identity.Web, the whole authorization-code flow with PKCE,
/// against an identity provider on a local port that publishes Entra's endpoints and signs with a key of the test's own.
/// </summary>
public sealed class EntraIdSignInTests : IAsyncLifetime
{
    private const string ClientId = "3f6b1d0e-2c4a-4f7e-9b1d-5a8c7e6f4d21";
    private const string ClientSecret = "test-client-secret-of-the-app-registration";
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-entra-").FullName;
    private readonly TestIdentityProvider _provider = new(ClientId, ClientSecret);
    private TaskConsoleFactory _factory = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _provider.StartAsync();
        _factory = new TaskConsoleFactory(
            _data,
            new Dictionary<string, string?>
            {
                ["TaskConsole:Authentication:SignIn:Provider"] = "EntraId",
                ["AzureAd:Instance"] = _provider.Instance,
                ["AzureAd:TenantId"] = TestIdentityProvider.Tenant,
                ["AzureAd:ClientId"] = ClientId,
                ["AzureAd:ClientSecret"] = ClientSecret,
            });
    }

    [Fact]
    public async Task SignIn_RunsTheCodeFlowWithEntra_AndOpensTheCompaniesOfTheUsersAppRoles()
    {
        using var browser = Browser();

        var home = await browser.GetAsync(new Uri("/", UriKind.Relative), Cancel);
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.ShouldStartWith("https://localhost/signin?ReturnUrl=");

        var page = await browser.GetStringAsync(new Uri("/signin?ReturnUrl=%2Ftasks", UriKind.Relative), Cancel);
        page.ShouldContain("Sign in with Microsoft");
        page.ShouldNotContain("type=\"password\"");

        var challenge = await browser.GetAsync(new Uri("/signin/entra?returnUrl=%2Ftasks", UriKind.Relative), Cancel);
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = challenge.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Path).ShouldBe($"{_provider.Instance}{TestIdentityProvider.Tenant}/oauth2/v2.0/authorize");
        var request = QueryHelpers.ParseQuery(authorize.Query);
        request["client_id"].ToString().ShouldBe(ClientId);
        request["response_type"].ToString().ShouldBe("code");
        request["code_challenge_method"].ToString().ShouldBe("S256");
        request["redirect_uri"].ToString().ShouldBe("https://localhost/signin-oidc");

        // What Entra does after the user signs in: a code for this request, posted back to the app.
        var code = _provider.IssueCode(request["nonce"]!, request["code_challenge"]!, "maya.okafor@collections.example", ["demo.supervisor"]);
        var callback = await browser.PostAsync(
            new Uri("/signin-oidc", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = request["state"]! }),
            Cancel);

        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync(Cancel));
        callback.Headers.Location!.OriginalString.ShouldBe("/tasks");
        (await browser.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync(new Uri("/companies/northwind/twilio-queues", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync(new Uri("/", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACodeForAnotherVerifier_IsRefused_BackToTheSignInPageWithAMessage_AndNoSessionStarts()
    {
        using var browser = Browser();
        var challenge = await browser.GetAsync(new Uri("/signin/entra", UriKind.Relative), Cancel);
        var request = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
        var code = _provider.IssueCode(request["nonce"]!, "a-challenge-this-browser-never-made", "intruder@collections.example", ["demo.admin"]);

        var callback = await browser.PostAsync(
            new Uri("/signin-oidc", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = request["state"]! }),
            Cancel);

        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        callback.Headers.Location!.OriginalString.ShouldBe("/signin?failed=entra");
        callback.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("TaskConsole=", StringComparison.Ordinal));
        (await browser.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.GetStringAsync(callback.Headers.Location, Cancel)).ShouldContain("Signing in with Microsoft did not complete.");
    }

    [Fact]
    public async Task EntraOutOfReach_SendsTheUserBackToTheSignInPageWithAMessage()
    {
        await _provider.DisposeAsync();
        using var browser = Browser();

        var challenge = await browser.GetAsync(new Uri("/signin/entra?returnUrl=%2Ftasks", UriKind.Relative), Cancel);

        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        challenge.Headers.Location!.OriginalString.ShouldBe("/signin?failed=unreachable");
        (await browser.GetStringAsync(challenge.Headers.Location, Cancel)).ShouldContain("Microsoft sign-in cannot be reached right now.");
    }

    [Fact]
    public async Task LocalAccounts_AreOff_AndNoAdminIsCreated()
    {
        using var browser = Browser();
        var page = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative), Cancel);

        page.ShouldNotContain("name=\"Input.Password\"");
        using var scope = _factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        (await users.FindByNameAsync(SignInExtensions.AdminUserName)).ShouldBeNull();
    }

    [Fact]
    public void EntraIdWithoutItsSettings_StopsStartUp_NamingTheMissingKeys()
    {
        using var factory = new TaskConsoleFactory(
            _data,
            new Dictionary<string, string?> { ["TaskConsole:Authentication:SignIn:Provider"] = "EntraId", ["AzureAd:ClientId"] = ClientId });

        var error = Should.Throw<InvalidOperationException>(() => factory.CreateClient());

        error.Message.ShouldContain("AzureAd:Instance, AzureAd:TenantId, AzureAd:ClientSecret");
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _provider.DisposeAsync();
    }

    /// <summary>A client that keeps cookies like a browser; over https, as the sign-in's correlation cookies are Secure.</summary>
    private HttpClient Browser() =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
}
