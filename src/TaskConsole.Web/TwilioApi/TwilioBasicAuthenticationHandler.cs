using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TaskConsole.Web.TwilioApi;

/// <summary>
/// HTTP Basic with an embedded company's account SID and auth token, as Twilio's SDKs send it. A missing or wrong
/// credential gets Twilio's 401 body (code 20003), which the SDKs raise as an authentication error.
/// </summary>
public sealed class TwilioBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    EmbeddedCredentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TwilioBasic";
    public const string CompanyClaim = "taskconsole_embedded_company";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return AuthenticateResult.NoResult();
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("The Basic credential is not valid base64.");
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return AuthenticateResult.Fail("The Basic credential must be AccountSid:AuthToken.");
        }

        var credential = await credentials.AuthenticateAsync(decoded[..separator], decoded[(separator + 1)..], Context.RequestAborted);
        if (credential is null)
        {
            Logger.LogWarning("Refused a TaskRouter API request with a wrong account SID or auth token from {Remote}", Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("Your AccountSid or AuthToken was incorrect.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"twilio-api:{credential.CompanyId}"), new Claim(CompanyClaim, credential.CompanyId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"TaskRouter\"";
        await TwilioResults.Error(StatusCodes.Status401Unauthorized, TwilioResults.AuthenticationFailed, "Authenticate").ExecuteAsync(Context);
    }
}
