using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TaskConsole.Web;

public sealed partial class SignInTests : IAsyncLifetime
{
    private const string AdminPassword = "correct horse battery staple";
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-signin-").FullName;
    private TaskConsoleFactory _factory = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _factory = new TaskConsoleFactory(_data, new Dictionary<string, string?> { ["TaskConsole:Bootstrap:AdminPassword"] = AdminPassword });
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Dashboard_SendsStrangersToTheSignInPage()
    {
        using var browser = Browser();

        var home = await browser.GetAsync(new Uri("/", UriKind.Relative), Cancel);

        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().ShouldContain("/signin?ReturnUrl=");
        (await browser.GetAsync(new Uri("/signin", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Admin_SignsInWithTheBootstrapPassword_AndTheCookieOpensDashboardAndApi()
    {
        using var browser = Browser();

        var signedIn = await SignInAsync(browser, "admin", AdminPassword);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedIn.Headers.Location!.AbsolutePath.ShouldBe("/");
        (await browser.GetAsync(new Uri("/", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync(new Uri("/companies/northwind/twilio-queues", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongPassword_StaysOnTheSignInPageWithAMessage()
    {
        using var browser = Browser();

        var refused = await SignInAsync(browser, "admin", "not the password");

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync(Cancel)).ShouldContain("The user name or password is not right.");
        (await browser.GetAsync(new Uri("/", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsToken_IsRefused_AndTheSessionStays()
    {
        using var browser = Browser();
        await SignInAsync(browser, "admin", AdminPassword);

        var signOut = await browser.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent([]), Cancel);

        signOut.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await signOut.Content.ReadAsStringAsync(Cancel)).ShouldContain("The sign-out form has expired");
        (await browser.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private HttpClient Browser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password)
    {
        var page = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative), Cancel);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        return await browser.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }), Cancel);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
