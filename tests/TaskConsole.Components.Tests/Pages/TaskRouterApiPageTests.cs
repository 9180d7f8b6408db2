using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Pages.Settings;
using TaskConsole.Web.Options;
using TaskConsole.Web.Security;
using TaskConsole.Web.TaskRouter;
using TaskConsole.Web.TwilioApi;

namespace TaskConsole.Web.Components.Pages;

/// <summary>The TaskRouter API page over the real embedded workspaces and credential store, in a folder of the test's own.</summary>
public abstract class TaskRouterApiPageTestsBase(CompanyRole role) : TaskConsoleTestContext(role, Configure)
{
    /// <summary>The credential store, over the migrated database it keeps generated tokens in.</summary>
    protected EmbeddedCredentials Credentials()
    {
        _ = Db();
        return Services.GetRequiredService<EmbeddedCredentials>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Directory.Delete(Settings.DataDirectory, recursive: true);
        }
    }

    /// <summary>The embedded company <c>acme</c> as the app runs it: a workspace in a folder of the test's own.</summary>
    private static void Configure(IServiceCollection services, TaskConsoleOptions settings)
    {
        settings.DataDirectory = Directory.CreateTempSubdirectory("taskconsole-api-page-").FullName;
        settings.Companies["acme"] = new CompanyOptions { DisplayName = "Acme Servicing", TimeZone = "America/New_York", Embedded = { SeedDemoData = false } };
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new TestEnvironment(settings.DataDirectory));
        services.AddSingleton<EmbeddedWorkspaces>();
        services.AddSingleton(provider => new TaskRouterDirectory([.. provider.GetRequiredService<EmbeddedWorkspaces>().Clients]));
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<EmbeddedCredentials>();
    }

    private sealed class TestEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "TaskConsole.Web";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

public sealed class TaskRouterApiPageTests() : TaskRouterApiPageTestsBase(CompanyRole.Admin)
{
    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShowsTheWorkspaceCredentials_WithTheTokenHiddenUntilAsked()
    {
        var credential = (await Credentials().GetAsync("acme", Cancel))!;

        var page = Render<TaskRouterApiPage>();

        page.WaitForAssertion(() => page.Find("[data-field=account-sid]").TextContent.ShouldBe(credential.AccountSid));
        page.Find("[data-field=workspace-sid]").TextContent.ShouldBe(credential.WorkspaceSid);
        page.Find("[data-field=base-url]").TextContent.ShouldEndWith("/v1");
        page.Find("[data-field=auth-token]").TextContent.ShouldNotContain(credential.AuthToken);
        page.Find("[data-field=token-source]").TextContent.ShouldContain("Generated and kept encrypted");
        page.Find("[data-field=callbacks]").TextContent.ShouldStartWith("None");

        await page.Find("[data-action=reveal]").ClickAsync(new());

        page.Find("[data-field=auth-token]").TextContent.ShouldBe(credential.AuthToken);
    }

    [Fact]
    public async Task Rotate_AfterConfirmation_IssuesANewToken_AndAuditsIt()
    {
        var credentials = Credentials();
        var before = (await credentials.GetAsync("acme", Cancel))!.AuthToken;
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<TaskRouterApiPage>();
        page.WaitForAssertion(() => page.Find("[data-action=rotate]"));

        // The click's handler waits for the answer to its confirmation: answer it, then let the handler finish.
        var rotating = page.Find("[data-action=rotate]").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Rotate").Click());
        await rotating;

        page.WaitForAssertion(() => page.Find("[data-field=token-source]").TextContent.ShouldContain("last issued"));
        var after = (await credentials.GetAsync("acme", Cancel))!.AuthToken;
        after.ShouldNotBe(before);
        await page.Find("[data-action=reveal]").ClickAsync(new());
        page.Find("[data-field=auth-token]").TextContent.ShouldBe(after);
        Db().AuditLog.Single().Action.ShouldBe("taskrouter-api.rotate-auth-token");
    }

    [Fact]
    public async Task KeepingTheToken_ChangesNothing()
    {
        var before = (await Credentials().GetAsync("acme", Cancel))!.AuthToken;
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<TaskRouterApiPage>();
        page.WaitForAssertion(() => page.Find("[data-action=rotate]"));

        var rotating = page.Find("[data-action=rotate]").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep the current token").Click());
        await rotating;

        dialogs.WaitForAssertion(() => dialogs.FindAll("button").ShouldBeEmpty());
        (await Credentials().GetAsync("acme", Cancel))!.AuthToken.ShouldBe(before);
        Db().AuditLog.ShouldBeEmpty();
    }
}

public sealed class TaskRouterApiPageForSupervisorsTests() : TaskRouterApiPageTestsBase(CompanyRole.Supervisor)
{
    [Fact]
    public void ShowsNoCredentials_ToAnyoneButAdmins()
    {
        var page = Render<TaskRouterApiPage>();

        page.WaitForAssertion(() => page.Find("[data-empty]").TextContent.ShouldContain("Only a company's admins"));
        page.FindAll("[data-field=account-sid]").ShouldBeEmpty();
        page.FindAll("[data-action=rotate]").ShouldBeEmpty();
    }
}
