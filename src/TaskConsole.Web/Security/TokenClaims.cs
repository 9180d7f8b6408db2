using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TaskConsole.Web.Security;

/// <summary>TaskConsole's own claims for a caller signed in by a token: API bearer tokens and Entra ID sign-ins.</summary>
public static class TokenClaims
{
    /// <summary>
    /// Copies the values of <paramref name="claimType"/> (<c>company:role</c>, or <c>company.role</c> as Entra app role
    /// values are written) into TaskConsole's company-role claim, and names the caller <c>{source}:{user}</c>.
    /// </summary>
    public static void AddCompanyRoles(ClaimsPrincipal principal, string claimType, string source)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var identity = new ClaimsIdentity($"TaskConsole-{source}", ClaimTypes.Name, null);
        var subject = principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst("name")?.Value ?? principal.FindFirst("sub")?.Value ?? "unknown";
        identity.AddClaim(new Claim(ClaimTypes.Name, $"{source}:{subject}"));
        // Handlers that map inbound claims rename them ("roles" becomes ClaimTypes.Role): either name counts.
        var mapped = JsonWebTokenHandler.DefaultInboundClaimTypeMap.TryGetValue(claimType, out var longName) ? longName : claimType;
        foreach (var claim in principal.Claims.Where(c => c.Type == claimType || c.Type == mapped))
        {
            var value = claim.Value.Contains(':', StringComparison.Ordinal) || claim.Value.LastIndexOf('.') is not (> 0 and var dot)
                ? claim.Value
                : string.Concat(claim.Value.AsSpan(0, dot), ":", claim.Value.AsSpan(dot + 1));
            identity.AddClaim(new Claim(TaskConsoleClaims.CompanyRole, value));
        }

        principal.AddIdentity(identity);
    }
}
