using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.Options;

/// <summary>Checks the whole section at start-up and reports every problem with the configuration key that holds it.</summary>
public sealed partial class ValidateTaskConsoleOptions : IValidateOptions<TaskConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, TaskConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string prefix = TaskConsoleOptions.Section;
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{prefix}:DataDirectory must name a folder.");
        }

        if (options.Companies.Count == 0)
        {
            errors.Add($"{prefix}:Companies must configure at least one company.");
        }

        foreach (var (id, company) in options.Companies)
        {
            var key = $"{prefix}:Companies:{id}";
            if (!CompanyId().IsMatch(id))
            {
                errors.Add($"{key}: a company id is 1 to 40 lowercase letters, digits or '-'.");
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(company.TimeZone, out _))
            {
                errors.Add($"{key}:TimeZone '{company.TimeZone}' is not a known time zone (use an IANA id such as America/New_York).");
            }

            if (company.TaskRouter == TaskRouterMode.Twilio)
            {
                errors.Add($"{key}:TaskRouter 'Twilio' is not available in this version; use 'Embedded'.");
            }

            if (company.Embedded.AccountSid is { } sid && !Sids.IsValid(sid, Sids.Account))
            {
                errors.Add($"{key}:Embedded:AccountSid must be 'AC' followed by 32 hexadecimal digits.");
            }

            if (company.Embedded.AuthToken is { Length: > 0 } token && (token.Length < 32 || token.Any(char.IsWhiteSpace)))
            {
                errors.Add($"{key}:Embedded:AuthToken must be at least 32 characters without spaces (Twilio's tokens are 32 hexadecimal digits).");
            }

            var board = company.Board;
            if (board.WaitWarningSeconds < 1 || board.WaitCriticalSeconds <= board.WaitWarningSeconds)
            {
                errors.Add($"{key}:Board:WaitWarningSeconds must be at least 1 and {key}:Board:WaitCriticalSeconds greater than it.");
            }

            if (board.ServiceLevelTargetPercent is < 1 or > 100)
            {
                errors.Add($"{key}:Board:ServiceLevelTargetPercent must be between 1 and 100.");
            }

            if (board.ServiceLevelThresholds is { } thresholds
                && (thresholds.Length > 10 || thresholds.Any(t => t is < 1 or > 86_400) || !thresholds.SequenceEqual(thresholds.Distinct().Order())))
            {
                errors.Add($"{key}:Board:ServiceLevelThresholds must be up to 10 distinct, ascending wait times from 1 to 86400 seconds.");
            }

            if (company.Embedded.CallbackRetries is < 0 or > 10)
            {
                errors.Add($"{key}:Embedded:CallbackRetries must be between 0 and 10.");
            }
        }

        if (options.Simulator.Workers is < 0 or > 10_000)
        {
            errors.Add($"{prefix}:Simulator:Workers must be between 0 and 10000.");
        }

        if (options.Simulator.TasksPerMinute is < 0 or > 100_000 || double.IsNaN(options.Simulator.TasksPerMinute))
        {
            errors.Add($"{prefix}:Simulator:TasksPerMinute must be between 0 and 100000.");
        }

        if (options.Bootstrap.ApiKey is { } bootstrapKey && bootstrapKey.Length is > 0 and < 24)
        {
            errors.Add($"{prefix}:Bootstrap:ApiKey must be at least 24 characters.");
        }

        if (options.RateLimit.RequestsPerMinute < 1)
        {
            errors.Add($"{prefix}:RateLimit:RequestsPerMinute must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex CompanyId();
}
