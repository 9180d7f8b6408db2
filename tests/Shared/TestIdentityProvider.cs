using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TaskConsole.Web;

/// <summary>
/// Entra's endpoints for one tenant on a local port, signing with a key of the tests' own: discovery, keys and token for
/// any client, and for a browser the authorize page (which signs in the user set with <see cref="SignInAs"/>, as
/// Entra does after its own sign-in, and posts the code back) and the logout page.
/// </summary>
public sealed class TestIdentityProvider(string clientId, string clientSecret) : IAsyncDisposable
{
    public const string Tenant = "9c2e4a71-5b3d-4e8f-a6c0-1d7b3f9e2a54";
    private static readonly RSA Key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _logouts = new();
    private (string User, string[] Roles)? _browserUser;
    private WebApplication? _app;

    /// <summary>The query of every logout request a browser brought, in order.</summary>
    public IReadOnlyCollection<IReadOnlyDictionary<string, string>> Logouts => _logouts;

    public string Instance { get; private set; } = "";

    private string Issuer => $"{Instance}{Tenant}/v2.0";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet($"/{Tenant}/v2.0/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Instance}{Tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{Instance}{Tenant}/oauth2/v2.0/token",
            ["end_session_endpoint"] = $"{Instance}{Tenant}/oauth2/v2.0/logout",
            ["jwks_uri"] = $"{Instance}{Tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet($"/{Tenant}/discovery/v2.0/keys", () =>
        {
            var parameters = Key.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", kid = "test-key", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent), issuer = Issuer },
                },
            });
        });
        _app.MapGet($"/{Tenant}/oauth2/v2.0/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            if (_browserUser is not { } user || query["client_id"] != clientId || query["response_mode"] != "form_post")
            {
                return Results.BadRequest("unexpected authorization request");
            }

            var code = IssueCode(query["nonce"]!, query["code_challenge"]!, user.User, user.Roles);
            return Results.Content(
                $"""
                <html><body onload="document.forms[0].submit()">
                <form method="post" action="{WebUtility.HtmlEncode(query["redirect_uri"])}">
                <input type="hidden" name="code" value="{code}" /><input type="hidden" name="state" value="{WebUtility.HtmlEncode(query["state"])}" />
                </form></body></html>
                """,
                "text/html");
        });
        _app.MapGet($"/{Tenant}/oauth2/v2.0/logout", (HttpRequest request) =>
        {
            var query = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            _logouts.Enqueue(query);
            return Results.Redirect(QueryHelpers.AddQueryString(query["post_logout_redirect_uri"], "state", query["state"]));
        });
        _app.MapPost($"/{Tenant}/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != clientId || form["client_secret"] != clientSecret || form["grant_type"] != "authorization_code"
                || !_codes.TryRemove(form["code"].ToString(), out var issued)
                || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != issued.CodeChallenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            return Results.Json(new { token_type = "Bearer", expires_in = 3600, id_token = IdToken(issued), access_token = "not-used-by-the-app" });
        });
        await _app.StartAsync();
        Instance = _app.Urls.Single().TrimEnd('/') + "/";
    }

    /// <summary>Who the authorize page signs in from now on, with which app roles.</summary>
    public void SignInAs(string user, string[] roles) => _browserUser = (user, roles);

    public string IssueCode(string nonce, string codeChallenge, string user, string[] roles)
    {
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new IssuedCode(nonce, codeChallenge, user, roles);
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private string IdToken(IssuedCode issued) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = clientId,
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(Key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        Claims = new Dictionary<string, object>
        {
            ["sub"] = "subject-" + issued.User,
            ["oid"] = "5d3c2b1a-0000-4000-8000-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(issued.User)))[..12].ToLowerInvariant(),
            ["tid"] = Tenant,
            ["ver"] = "2.0",
            ["nonce"] = issued.Nonce,
            ["name"] = "Maya Okafor",
            ["preferred_username"] = issued.User,
            ["roles"] = issued.Roles,
        },
    });

    private sealed record IssuedCode(string Nonce, string CodeChallenge, string User, string[] Roles);
}
