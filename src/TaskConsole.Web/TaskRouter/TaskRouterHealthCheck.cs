using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.TaskRouter;

/// <summary>Healthy once every company's TaskRouter answers.</summary>
public sealed class TaskRouterHealthCheck(TaskRouterDirectory directory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        foreach (var company in directory.Companies)
        {
            await directory.Find(company.Id)!.GetWorkspaceAsync(cancellationToken);
        }

        return HealthCheckResult.Healthy($"{directory.Companies.Count} companies");
    }
}
