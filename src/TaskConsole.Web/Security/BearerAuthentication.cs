using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using TaskConsole.Web.Options;

namespace TaskConsole.Web.Security;

/// <summary>
/// Bearer tokens for the API: Microsoft.Identity.Web when an <c>AzureAd</c> section is configured, otherwise any OIDC
/// authority from <c>TaskConsole:Authentication:Bearer</c>. The configured company-role claim becomes TaskConsole's own.
/// </summary>
public static class BearerAuthentication
{
    public const string SelectorScheme = "TaskConsole";

    public static AuthenticationBuilder AddTaskConsoleAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Bearer token, API key or sign-in cookie", policy => policy.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        if (configuration.GetSection("AzureAd").Exists())
        {
            builder.AddMicrosoftIdentityWebApi(configuration.GetSection("AzureAd"), JwtBearerDefaults.AuthenticationScheme);
        }
        else
        {
            builder.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme);
        }

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<TaskConsoleOptions>>((jwt, settings) =>
        {
            var bearer = settings.Value.Authentication.Bearer;
            jwt.Authority ??= bearer.Authority;
            jwt.Audience ??= bearer.Audience;
            jwt.MapInboundClaims = false;
            var validated = jwt.Events?.OnTokenValidated;
            jwt.Events ??= new JwtBearerEvents();
            jwt.Events.OnTokenValidated = async context =>
            {
                if (validated is not null)
                {
                    await validated(context);
                }

                TokenClaims.AddCompanyRoles(context.Principal!, bearer.CompanyRoleClaim, "bearer");
            };
            // Browsers cannot set headers on WebSockets; the hub takes the token from the query instead.
            jwt.Events.OnMessageReceived = context =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
                    && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            };
            jwt.Events.OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                var reason = context.AuthenticateFailure is null ? "a bearer token is required" : "the bearer token is not valid";
                await context.Response.WriteAsJsonAsync(new Api.ApiResults.ApiError(401, $"Authentication failed: {reason}."), Api.ApiResults.Json);
            };
        });
        return builder;
    }

    /// <summary>
    /// A bearer token or an API key when the request carries one; otherwise the sign-in cookie, except that API paths
    /// without a cookie answer the API's JSON 401 instead of a redirect to the sign-in page.
    /// </summary>
    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return JwtBearerDefaults.AuthenticationScheme;
        }

        if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        if (context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase) && context.Request.Query.ContainsKey("access_token"))
        {
            return JwtBearerDefaults.AuthenticationScheme;
        }

        var isApi = context.Request.Path.StartsWithSegments("/companies", StringComparison.OrdinalIgnoreCase) || context.Request.Path.StartsWithSegments("/twilio", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);
        return isApi && !context.Request.Cookies.ContainsKey("TaskConsole") ? ApiKeyAuthenticationHandler.SchemeName : SignInExtensions.SessionScheme;
    }
}
