using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web.EndToEnd;

/// <summary>
/// The dashboard signed in with Microsoft Entra ID, in Chromium: the whole code flow through the authorize page and back,
/// and a sign-out that ends the Entra session too, against a local Entra on its own port.
/// </summary>
public sealed class EntraIdSignInTests : IAsyncLifetime
{
    private const string ClientId = "7a1e5c3b-9d2f-4b6a-8e0c-3f5d7b9a1c24";
    private const string ClientSecret = "end-to-end client secret of the app registration";
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-e2e-entra-").FullName;
    private readonly TestIdentityProvider _entra = new(ClientId, ClientSecret);
    private EntraApp _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseAddress = "";

    public async ValueTask InitializeAsync()
    {
        await _entra.StartAsync();
        _app = new EntraApp(_data, _entra.Instance);
        _app.UseKestrel(0);
        _app.StartServer();
        var port = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
        // The sign-in's correlation cookies are Secure, which Chromium accepts over plain http from localhost.
        _baseAddress = $"http://localhost:{port}";
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    [Fact]
    public async Task Supervisor_SignsInWithMicrosoft_AndSigningOutEndsTheEntraSessionToo()
    {
        _entra.SignInAs("maya.okafor@collections.example", ["demo.supervisor"]);
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseAddress, ViewportSize = new ViewportSize { Width = 1500, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/tasks");
        await page.ClickAsync("a.tc-signin-provider");

        await page.WaitForSelectorAsync("[data-interactive] [data-total]");
        new Uri(page.Url).AbsolutePath.ShouldBe("/tasks");
        (await page.GetAttributeAsync("[data-user]", "data-user")).ShouldBe("Maya Okafor");
        (await page.Locator("[data-action=delete-matching]").CountAsync()).ShouldBe(1, "a supervisor of demo may act");

        await page.ClickAsync("form[action=signout] button");

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");
        (await page.TextContentAsync("[role=status]")).ShouldBe("You have signed out.");
        var logout = _entra.Logouts.ShouldHaveSingleItem();
        logout["post_logout_redirect_uri"].ShouldBe($"{_baseAddress}/signout-callback-oidc");
        await BrowserFixture.ScreenshotAsync(page, "signed-out-of-entra");
        await page.GotoAsync("/tasks");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        await _entra.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>The app signing in with Entra ID; a subclass, so that UseKestrel applies to the factory that runs.</summary>
    private sealed class EntraApp(string data, string instance) : WebApplicationFactory<EmbeddedWorkspaces>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("TaskConsole:DataDirectory", data);
            builder.UseSetting("TaskConsole:Simulator:Enabled", "false");
            builder.UseSetting("TaskConsole:Authentication:SignIn:Provider", "EntraId");
            builder.UseSetting("AzureAd:Instance", instance);
            builder.UseSetting("AzureAd:TenantId", TestIdentityProvider.Tenant);
            builder.UseSetting("AzureAd:ClientId", ClientId);
            builder.UseSetting("AzureAd:ClientSecret", ClientSecret);
        }
    }
}
