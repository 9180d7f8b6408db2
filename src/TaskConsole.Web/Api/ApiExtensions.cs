using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using TaskConsole.Web.Options;
using TaskConsole.Web.Api;
using TaskConsole.Web.Security;

namespace Microsoft.AspNetCore.Builder;

public static class ApiExtensions
{
    public const string RateLimitPolicy = "per-caller";

    /// <summary>Authentication (API keys and bearer tokens), authorization, the per-caller rate limit, and the services the REST API uses.</summary>
    public static IHostApplicationBuilder AddTaskConsoleApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTaskConsoleAuthentication(builder.Configuration);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<TaskConsoleOptions>>().Value.RateLimit.RequestsPerMinute;
                var caller = context.User.Identity?.IsAuthenticated == true ? context.User.ActorName() : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var message = $"Too many requests: at most {context.HttpContext.RequestServices.GetRequiredService<IOptions<TaskConsoleOptions>>().Value.RateLimit.RequestsPerMinute} a minute per caller; retry after {retryAfter} s.";
                await ErrorResult(context.HttpContext, 429, message).ExecuteAsync(context.HttpContext);
            };
        });
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<OpenApiSecurity>());
        builder.Services.AddScoped<ApiKeyService>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<Idempotency>();
        return builder;
    }

    /// <summary>The seed API under <c>/companies/{companyId}</c>: authenticated, scoped to the caller's companies.</summary>
    public static WebApplication MapTaskConsoleApi(this WebApplication app)
    {
        var company = app.MapGroup("/companies/{companyId}").RequireAuthorization().RequireRateLimiting(RateLimitPolicy);
        company.MapCompaniesApi();
        company.MapUnterminatedTasksApi();
        company.MapTerminatedTasksApi();
        company.MapExportsApi();
        app.MapAvailabilityApi();
        app.MapOpenApi().RequireAuthorization();
        app.MapScalarApiReference("/api-reference", reference =>
        {
            // The page works offline and sends nothing to third parties: system fonts, no hosted extras.
            reference.Title = "TaskConsole API";
            reference.DefaultFonts = false;
            reference.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            reference.HideClientButton = true;
            reference.Agent = new ScalarAgentOptions { Disabled = true };
        }).RequireAuthorization();
        return app;
    }

    /// <summary>Failures inside an API call answer the API's JSON error with a correlation id, never exception text.</summary>
    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var result = error is BadHttpRequestException bad
                    ? ErrorResult(context, bad.StatusCode, bad.Message)
                    : ErrorResult(context, 500, $"Something went wrong on our side; it has been logged with correlation id {context.TraceIdentifier}.");
                await result.ExecuteAsync(context);
            },
        });
        return app;
    }

    /// <summary>An error in the body format of the API the request addressed: Twilio's under <c>/v1</c>, the seed API's elsewhere.</summary>
    private static IResult ErrorResult(HttpContext http, int status, string message) =>
        http.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal)
            ? TaskConsole.Web.TwilioApi.TwilioResults.Error(status, 20000 + status, message)
            : ApiResults.Error(status, message);
}
