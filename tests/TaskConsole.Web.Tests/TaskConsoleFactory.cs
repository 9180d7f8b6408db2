using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace TaskConsole.Web;

/// <summary>The real app on the embedded default, with its own data folder and any extra settings.</summary>
public sealed class TaskConsoleFactory(
    string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TaskConsole:DataDirectory", dataDirectory);
        builder.UseSetting("TaskConsole:Simulator:Enabled", "false");
        builder.UseSetting("TaskConsole:Simulator:Workers", "12");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
