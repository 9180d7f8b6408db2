using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using TaskConsole.Web.Options;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Api;

/// <summary>The seed's three security schemes (oauth2, bearerAuth, apiKeyHeader), any one of which opens every operation.</summary>
public sealed class OpenApiSecurity(IOptions<TaskConsoleOptions> options, IConfiguration configuration) : IOpenApiDocumentTransformer
{
    /// <summary>Entra's token endpoint for the configured tenant, or the configured authority's v2.0 endpoint.</summary>
    private Uri TokenUrl()
    {
        var azure = configuration.GetSection("AzureAd");
        var authority = azure.Exists()
            ? $"{(azure["Instance"] ?? "https://login.microsoftonline.com/").TrimEnd('/')}/{azure["TenantId"] ?? "common"}"
            : options.Value.Authentication.Bearer.Authority ?? "https://login.microsoftonline.com/common";
        return new Uri($"{authority.TrimEnd('/')}/oauth2/v2.0/token");
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info.Title = "TaskConsole API";
        document.Info.Description = "The seed's Tasks API over each company's TaskRouter. Errors are { \"status\", \"message\" }.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            ["apiKeyHeader"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.Header,
                Description = "An API key bound to one company and one role (viewer, supervisor, admin).",
            },
            ["bearerAuth"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An OAuth2/OIDC access token; companies and roles come from its claims.",
            },
            ["oauth2"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth2 client credentials against the configured authority.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow { TokenUrl = TokenUrl() },
                },
            },
        };

        foreach (var path in document.Paths.Values)
        {
            if (path.Operations is null)
            {
                continue;
            }

            foreach (var operation in path.Operations.Values)
            {
                operation.Security = new[] { "apiKeyHeader", "bearerAuth", "oauth2" }
                    .Select(name => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, document)] = new List<string>() })
                    .ToList();
            }
        }

        return Task.CompletedTask;
    }
}
