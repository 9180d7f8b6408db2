using Microsoft.Extensions.Options;
using TaskConsole.Core.Simulation;
using TaskConsole.Web.Options;

namespace TaskConsole.Web.TaskRouter;

/// <summary>Runs the demo simulator in every embedded workspace when <c>TaskConsole:Simulator:Enabled</c> is true.</summary>
public sealed class SimulatorService(EmbeddedWorkspaces workspaces, IOptions<TaskConsoleOptions> options, ILogger<DemoSimulator> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Simulator;
        if (!settings.Enabled)
        {
            return Task.CompletedTask;
        }

        var seed = 100;
        return Task.WhenAll(workspaces.Clients.Select(client => new DemoSimulator(client.Engine, settings.TasksPerMinute, seed++, logger).RunAsync(stoppingToken)));
    }
}
