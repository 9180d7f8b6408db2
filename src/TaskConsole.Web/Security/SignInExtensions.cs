using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using TaskConsole.Web.Api;
using TaskConsole.Web.Data;
using TaskConsole.Web.Options;
using TaskConsole.Web.Security;

namespace Microsoft.AspNetCore.Builder;

public static class SignInExtensions
{
    public const string SignInPath = "/signin";
    private const string SignedOutPath = SignInPath + "?signedOut=true";
    public const string AdminUserName = "admin";

    private const string LogCategory = "TaskConsole.SignIn";

    /// <summary>The OpenID Connect scheme that signs supervisors in with Microsoft Entra ID.</summary>
    public const string EntraIdScheme = "EntraId";

    /// <summary>
    /// The dashboard's session cookie, whichever provider signs supervisors in: ASP.NET Core Identity's application
    /// cookie for local accounts, or the same scheme name given to Microsoft.Identity.Web's cookie for Entra ID.
    /// </summary>
    public static readonly string SessionScheme = IdentityConstants.ApplicationScheme;

    /// <summary>
    /// Dashboard sign-in, with a cookie: local accounts (ASP.NET Core Identity) by default, or Microsoft Entra ID
    /// through Microsoft.Identity.Web when <c>TaskConsole:Authentication:SignIn:Provider</c> is <c>EntraId</c>.
    /// Everything but the sign-in page, health and static assets needs an authenticated caller.
    /// </summary>
    public static IHostApplicationBuilder AddTaskConsoleSignIn(this IHostApplicationBuilder builder)
    {
        var signIn = builder.Configuration.GetSection("TaskConsole:Authentication:SignIn").Get<DashboardSignInOptions>() ?? new DashboardSignInOptions();
        builder.Services.AddIdentityCore<IdentityUser>(identity =>
            {
                // Length over composition rules: a long passphrase is stronger than a short mixed one.
                identity.Password.RequiredLength = 12;
                identity.Password.RequireDigit = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<TaskConsoleDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        if (signIn.Provider == SignInProvider.EntraId)
        {
            AddEntraIdSignIn(builder, signIn);
        }
        else
        {
            builder.Services.AddAuthentication().AddIdentityCookies();
            builder.Services.AddHostedService<AdminBootstrap>();
        }

        var development = builder.Environment.IsDevelopment();
        builder.Services.Configure<CookieAuthenticationOptions>(SessionScheme, cookie =>
        {
            cookie.LoginPath = SignInPath;
            cookie.Cookie.Name = "TaskConsole";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            // Plain http is only for a developer's own machine; anywhere else the cookie never leaves TLS.
            cookie.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>Whether supervisors sign in with Microsoft Entra ID rather than local accounts.</summary>
    public static bool UsesEntraId(this TaskConsoleOptions options) =>
        options?.Authentication.SignIn.Provider == SignInProvider.EntraId;

    /// <summary>
    /// OpenID Connect with Entra ID (authorization code with PKCE and the app's client secret). The user's companies
    /// and roles come from the configured claim of the ID token and live in the session cookie until it ends.
    /// </summary>
    private static void AddEntraIdSignIn(IHostApplicationBuilder builder, DashboardSignInOptions signIn)
    {
        var entra = builder.Configuration.GetSection("AzureAd");
        var missing = new[] { "Instance", "TenantId", "ClientId", "ClientSecret" }.Where(key => string.IsNullOrWhiteSpace(entra[key])).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"TaskConsole:Authentication:SignIn:Provider is EntraId, which needs {string.Join(", ", missing.Select(key => "AzureAd:" + key))}.");
        }

        if (!Uri.TryCreate(entra["Instance"], UriKind.Absolute, out var instance) || (instance.Scheme != Uri.UriSchemeHttps && !instance.IsLoopback))
        {
            throw new InvalidOperationException("AzureAd:Instance must be an https URL, such as https://login.microsoftonline.com/.");
        }

        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApp(entra, EntraIdScheme, SessionScheme);
        builder.Services.Configure<OpenIdConnectOptions>(EntraIdScheme, oidc =>
        {
            // Plain http only for an identity provider on this machine (development and tests).
            oidc.RequireHttpsMetadata = !instance.IsLoopback;
        });
        builder.Services.PostConfigure<OpenIdConnectOptions>(EntraIdScheme, oidc =>
        {
            if (instance.IsLoopback)
            {
                // Entra's issuer validator reads Entra's metadata over https only; a provider on this machine is
                // held to the single issuer of its tenant instead.
                oidc.TokenValidationParameters.IssuerValidator = null;
                oidc.TokenValidationParameters.ValidIssuer = $"{instance.AbsoluteUri.TrimEnd('/')}/{entra["TenantId"]}/v2.0";
            }

            oidc.ResponseType = "code";
            oidc.UsePkce = true;

            // The dashboard greets the user by the display name; the audit log names them by account (see TokenClaims).
            oidc.TokenValidationParameters.NameClaimType = "name";
            var validated = oidc.Events.OnTokenValidated;
            oidc.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                TokenClaims.AddCompanyRoles(context.Principal!, signIn.CompanyRoleClaim, "entra");
            };

            // A sign-in that Entra refused or that does not check out ends on the sign-in page with a message, not an error page.
            oidc.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory)
                    .LogWarning(context.Failure, "A sign-in with Entra ID did not complete");
                context.Response.Redirect($"{SignInPath}?failed=entra");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>
    /// Sign-out (a form POST with antiforgery), back to the sign-in page; with Entra ID also out of the Entra session.
    /// With Entra ID, <c>/signin/entra</c> starts the sign-in the sign-in page offers.
    /// </summary>
    public static WebApplication MapSignOut(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TaskConsoleOptions>>().Value.UsesEntraId())
        {
            app.MapPost("/signout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = SignedOutPath }, [SessionScheme, EntraIdScheme]))
                .FromOwnForm()
                .ExcludeFromDescription();
            app.MapGet("/signin/entra", async (HttpContext http, string? returnUrl, ILoggerFactory loggers) =>
                {
                    try
                    {
                        await http.ChallengeAsync(EntraIdScheme, new AuthenticationProperties { RedirectUri = LocalTarget(returnUrl) });
                    }
                    catch (InvalidOperationException e)
                    {
                        // The challenge first reads Entra's metadata; when Entra cannot be reached, say so on the sign-in page.
                        loggers.CreateLogger(LogCategory).LogError(e, "Entra ID could not be reached to sign a user in");
                        http.Response.Redirect($"{SignInPath}?failed=unreachable");
                    }
                })
                .AllowAnonymous()
                .ExcludeFromDescription();
            return app;
        }

        app.MapPost("/signout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(SignedOutPath);
        }).FromOwnForm().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Only the sign-out form of this site's own pages, with its antiforgery token, signs a user out: a page elsewhere
    /// cannot. Minimal endpoints that bind no form leave the check to themselves.
    /// </summary>
    private static RouteHandlerBuilder FromOwnForm(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
        await context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context.HttpContext)
            ? await next(context)
            : ApiResults.BadRequest("The sign-out form has expired: reload the page and sign out again."));

    /// <summary>Where to go after signing in: the page asked for when it is a path of this site, else home.</summary>
    public static string LocalTarget(string? returnUrl) =>
        returnUrl is { Length: > 0 } target && Uri.IsWellFormedUriString(target, UriKind.Relative) && target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal)
            && !target.StartsWith("/\\", StringComparison.Ordinal)
            ? target
            : "/";

    /// <summary>
    /// Creates the <c>admin</c> user on first run, an admin of every company, with the password from
    /// <c>TaskConsole:Bootstrap:AdminPassword</c> or, when that is unset, a generated one printed once.
    /// </summary>
    private sealed class AdminBootstrap(IServiceScopeFactory scopes, IOptions<TaskConsoleOptions> options, ILogger<AdminBootstrap> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            if (await users.FindByNameAsync(AdminUserName) is not null)
            {
                return;
            }

            var configured = options.Value.Bootstrap.AdminPassword;
            var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
            var admin = new IdentityUser(AdminUserName);
            var created = await users.CreateAsync(admin, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    $"TaskConsole:Bootstrap:AdminPassword was refused: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }

            await users.AddClaimAsync(admin, new Claim(TaskConsoleClaims.CompanyRole, "*:Admin"));
            if (string.IsNullOrEmpty(configured))
            {
                // Shown this once; it is stored only as a hash.
                Console.WriteLine($"TaskConsole created the user '{AdminUserName}' with the password: {password}");
                logger.LogWarning("Created the user {User} with a generated password, printed once on the console", AdminUserName);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static string GeneratePassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
    }
}
