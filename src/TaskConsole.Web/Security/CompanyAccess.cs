using System.Security.Claims;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.Security;

/// <summary>The companies a caller may see and its role in each, read from its claims.</summary>
public static class CompanyAccess
{
    /// <summary>The caller's role in the company, or null when it may not see it.</summary>
    public static CompanyRole? RoleIn(this ClaimsPrincipal user, string companyId)
    {
        ArgumentNullException.ThrowIfNull(user);
        CompanyRole? best = null;
        foreach (var claim in user.FindAll(TaskConsoleClaims.CompanyRole))
        {
            var separator = claim.Value.LastIndexOf(':');
            if (separator <= 0 || !TaskConsoleClaims.TryParseRole(claim.Value[(separator + 1)..], out var role))
            {
                continue;
            }

            var company = claim.Value[..separator];
            if ((company == "*" || string.Equals(company, companyId, StringComparison.OrdinalIgnoreCase)) && (best is null || role > best))
            {
                best = role;
            }
        }

        return best;
    }

    /// <summary>The companies the caller may see, in display order.</summary>
    public static IReadOnlyList<Company> VisibleTo(this TaskRouterDirectory directory, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return directory.Companies.Where(c => user.RoleIn(c.Id) is not null).ToList();
    }

    /// <summary>The id of the visible company a link asked for, else of the first visible one; null when none is visible.</summary>
    public static string? Choose(this IReadOnlyList<Company> visible, string? requestedId)
    {
        ArgumentNullException.ThrowIfNull(visible);
        return (visible.FirstOrDefault(c => string.Equals(c.Id, requestedId, StringComparison.OrdinalIgnoreCase)) ?? visible.FirstOrDefault())?.Id;
    }

    /// <summary>Who the caller is, for the audit log and denial logs.</summary>
    public static string ActorName(this ClaimsPrincipal user) => user?.FindFirst(ClaimTypes.Name)?.Value ?? user?.Identity?.Name ?? "anonymous";
}
