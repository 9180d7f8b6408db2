using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TaskConsole.Web.Data;
using TaskConsole.Web.Options;
using TaskConsole.Web.Security;

namespace Microsoft.AspNetCore.Builder;

public static class SignInExtensions
{
    public const string SignInPath = "/signin";
    public const string AdminUserName = "admin";

    /// <summary>
    /// Local accounts (ASP.NET Core Identity) for the dashboard, signed in with a cookie. Everything but the sign-in
    /// page, health and static assets needs an authenticated caller.
    /// </summary>
    public static IHostApplicationBuilder AddTaskConsoleSignIn(this IHostApplicationBuilder builder)
    {
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
        builder.Services.AddAuthentication().AddIdentityCookies();
        var development = builder.Environment.IsDevelopment();
        builder.Services.ConfigureApplicationCookie(cookie =>
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
        builder.Services.AddHostedService<AdminBootstrap>();
        return builder;
    }

    /// <summary>Sign-out (a form POST with antiforgery), back to the sign-in page.</summary>
    public static WebApplication MapSignOut(this WebApplication app)
    {
        app.MapPost("/signout", async (HttpContext http, SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(SignInPath);
        }).ExcludeFromDescription();
        return app;
    }

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
