using Microsoft.Extensions.Options;
using TaskConsole.Web.Data;
using TaskConsole.Web.Options;

namespace TaskConsole.Web.Security;

/// <summary>
/// <c>apikey create --company ID --role viewer|supervisor|admin --name NAME</c>, <c>apikey list</c> and
/// <c>apikey revoke ID</c>, run against the configured database without starting the server.
/// </summary>
public static class ApiKeyCommand
{
    public static bool IsInvocation(string[] args) => args is ["apikey", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = app.Services.CreateAsyncScope();
        await new DatabaseMigrator(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<ILogger<DatabaseMigrator>>())
            .StartAsync(CancellationToken.None);
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
        switch (args.Skip(1).FirstOrDefault())
        {
            case "create":
                var options = Options(args.Skip(2).ToArray());
                // From configuration, not the TaskRouter directory: opening the workspaces here would write to them
                // beside a server that may be running.
                var companies = app.Services.GetRequiredService<IOptions<TaskConsoleOptions>>().Value.Companies.Keys.Order(StringComparer.Ordinal).ToList();
                if (!options.TryGetValue("company", out var company) || !companies.Contains(company, StringComparer.OrdinalIgnoreCase))
                {
                    return Fail(output, $"--company must be one of: {string.Join(", ", companies)}");
                }

                if (!options.TryGetValue("role", out var roleText) || !TaskConsoleClaims.TryParseRole(roleText, out var role))
                {
                    return Fail(output, "--role must be viewer, supervisor or admin");
                }

                if (!options.TryGetValue("name", out var name) || name.Length is 0 or > 100)
                {
                    return Fail(output, "--name is required (at most 100 characters)");
                }

                var created = await keys.CreateAsync(company.ToLowerInvariant(), role, name, CancellationToken.None);
                await output.WriteLineAsync($"Created API key {created.Record.Id} '{name}' ({role.ToString().ToLowerInvariant()} in {created.Record.CompanyId}).");
                await output.WriteLineAsync("Send it in the X-API-KEY header. It is shown this once:");
                await output.WriteLineAsync(created.Key);
                return 0;
            case "list":
                foreach (var key in await keys.ListAsync(CancellationToken.None))
                {
                    var state = key.RevokedAt is { } revoked ? $"revoked {revoked:u}" : "active";
                    await output.WriteLineAsync($"{key.Id}  {key.CompanyId,-12} {key.Role,-10} {state,-28} {key.Name}");
                }

                return 0;
            case "revoke" when args.Length == 3:
                return await keys.RevokeAsync(args[2], CancellationToken.None)
                    ? Done(output, $"Revoked API key {args[2]}.")
                    : Fail(output, $"No active API key {args[2]}.");
            default:
                return Fail(output, "usage: apikey create --company ID --role viewer|supervisor|admin --name NAME | apikey list | apikey revoke ID");
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }

        return options;
    }

    private static int Done(TextWriter output, string message)
    {
        output.WriteLine(message);
        return 0;
    }

    private static int Fail(TextWriter output, string message)
    {
        output.WriteLine(message);
        return 2;
    }
}
