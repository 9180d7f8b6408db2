using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TaskConsole.Web.Options;

namespace TaskConsole.Web.Security;

/// <summary>Authenticates the <c>X-API-KEY</c> header against stored keys and the optional bootstrap key.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<TaskConsoleOptions> settings,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-API-KEY";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = values.ToString().Trim();
        if (presented.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("The X-API-KEY header is empty or too long.");
        }

        if (settings.Value.Bootstrap.ApiKey is { Length: > 0 } bootstrap && ApiKeyService.SameKey(presented, bootstrap))
        {
            return Success("apikey:bootstrap", "*", CompanyRole.Admin);
        }

        var record = await keys.VerifyAsync(presented, Context.RequestAborted);
        if (record is null || !TaskConsoleClaims.TryParseRole(record.Role, out var role))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        return Success($"apikey:{record.Name}", record.CompanyId, role);
    }

    /// <summary>API callers get the error body every endpoint uses, not an empty 401.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Response.WriteAsJsonAsync(new Api.ApiResults.ApiError(401, failure ?? $"Authentication required: send an API key in the {Header} header."), Api.ApiResults.Json);
    }

    private AuthenticateResult Success(string name, string company, CompanyRole role)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(TaskConsoleClaims.CompanyRole, $"{company}:{role}")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
