using Microsoft.Extensions.Options;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.Simulation;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Options;

namespace TaskConsole.Web.TaskRouter;

/// <summary>
/// Opens the embedded workspace of every company configured as Embedded, each in its own SQLite file under
/// <c>{DataDirectory}/taskrouter/</c>, and seeds the demo contact centre into workspaces created new.
/// </summary>
public sealed class EmbeddedWorkspaces : IDisposable
{
    private readonly List<EmbeddedTaskRouterClient> _clients = [];

    public EmbeddedWorkspaces(IOptions<TaskConsoleOptions> options, IHostEnvironment environment, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = options.Value;
        var folder = Path.Combine(Path.GetFullPath(settings.DataDirectory, environment.ContentRootPath), "taskrouter");
        var seed = 1;
        foreach (var (id, company) in settings.Companies.Where(c => c.Value.TaskRouter == TaskRouterMode.Embedded).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var store = new EngineStore(Path.Combine(folder, $"{id}.db"));
            var engine = TaskRouterEngine.Open(
                company.DisplayName ?? id,
                company.Embedded.AccountSid ?? Sids.New(Sids.Account),
                time,
                store,
                loggers.CreateLogger($"TaskConsole.Embedded.{id}"));
            if (company.Embedded.AccountSid is { } configured && configured != engine.Workspace.AccountSid)
            {
                engine.Dispose();
                throw new InvalidOperationException(
                    $"TaskConsole:Companies:{id}:Embedded:AccountSid is {configured}, but the workspace kept in {Path.Combine(folder, $"{id}.db")} " +
                    $"belongs to {engine.Workspace.AccountSid}. Set the workspace's account SID there, or remove the setting.");
            }

            if (company.Embedded.SeedDemoData)
            {
                DemoWorkspace.Seed(engine, settings.Simulator.Workers, seed++);
            }

            var descriptor = new Company(id, company.DisplayName ?? id, TimeZoneInfo.FindSystemTimeZoneById(company.TimeZone), TaskRouterMode.Embedded);
            _clients.Add(new EmbeddedTaskRouterClient(descriptor, engine));
        }
    }

    public IReadOnlyList<EmbeddedTaskRouterClient> Clients => _clients;

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Engine.Dispose();
        }
    }
}
