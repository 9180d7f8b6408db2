using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Components.Layout;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components.Layout;

/// <summary>The company switcher of the layout, for a user who may see two companies.</summary>
public sealed class CompanySwitcherTests() : TaskConsoleTestContext(configure: AddNorthwind)
{
    private IRenderedComponent<MudBlazor.MudPopoverProvider>? _popovers;

    [Fact]
    public void OnAPageOfOneCompany_NamesIt_AndSwitchesToTheSamePageOfTheOther()
    {
        Authorization.SetClaims(new Claim(TaskConsoleClaims.CompanyRole, "*:viewer"));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/history?company=acme");
        Popovers();
        var switcher = Render<CompanySwitcher>();

        switcher.Find("[data-switcher=company]").GetAttribute("data-current").ShouldBe("acme");
        switcher.Find("[data-switcher=company] button").Click();
        switcher.WaitForAssertion(() => Popovers().FindAll("[data-company-option]").Select(o => o.GetAttribute("data-company-option")).ShouldBe(["acme", "northwind"]));
        Popovers().Find("[data-company-option=northwind]").Click();

        navigation.Uri.ShouldBe("http://localhost/history?company=northwind");
    }

    [Fact]
    public void OnTheBoard_OffersAllCompanies_AndFollowsTheAddress()
    {
        Authorization.SetClaims(new Claim(TaskConsoleClaims.CompanyRole, "acme:viewer"), new Claim(TaskConsoleClaims.CompanyRole, "northwind:supervisor"));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/");
        Popovers();
        var switcher = Render<CompanySwitcher>();

        switcher.Find("[data-switcher=company]").GetAttribute("data-current").ShouldBe("all");
        navigation.NavigateTo("/?company=northwind");
        switcher.WaitForAssertion(() => switcher.Find("[data-switcher=company]").GetAttribute("data-current").ShouldBe("northwind"));
        switcher.Find("[data-switcher=company] button").Click();
        switcher.WaitForAssertion(() => Popovers().Find("[data-company-option=all]").Click());

        navigation.Uri.ShouldBe("http://localhost/");
    }

    [Fact]
    public void ForAUserOfOneCompany_ShowsNothing()
    {
        var switcher = Render<CompanySwitcher>();

        switcher.Markup.Trim().ShouldBeEmpty();
    }

    /// <summary>A second company with a workspace of its own (a singleton, so the services dispose it), beside <c>acme</c>.</summary>
    private static void AddNorthwind(IServiceCollection services, TaskConsole.Web.Options.TaskConsoleOptions settings)
    {
        services.AddSingleton(provider => TaskRouterEngine.Open("Northwind", Sids.New(Sids.Account), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider =>
        {
            var acme = provider.GetRequiredService<EmbeddedTaskRouterClient>();
            var northwind = new Company("northwind", "Northwind Collections", TimeZoneInfo.Utc, TaskRouterMode.Embedded);
            return new TaskRouterDirectory([acme, new EmbeddedTaskRouterClient(northwind, provider.GetRequiredService<TaskRouterEngine>())]);
        });
    }

    /// <summary>Where MudBlazor renders an open menu's items.</summary>
    private IRenderedComponent<MudBlazor.MudPopoverProvider> Popovers() => _popovers ??= Render<MudBlazor.MudPopoverProvider>();
}
