using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.Options;

/// <summary>The <c>TaskConsole</c> configuration section.</summary>
public sealed class TaskConsoleOptions
{
    public const string Section = "TaskConsole";

    /// <summary>Where TaskConsole keeps its files; relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The companies served, by company id (the <c>{companyId}</c> of every URL).</summary>
    public Dictionary<string, CompanyOptions> Companies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public SimulatorOptions Simulator { get; set; } = new();

    public DatabaseOptions Database { get; set; } = new();

    public BootstrapOptions Bootstrap { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    public AuthenticationOptions Authentication { get; set; } = new();

    /// <summary>A company's board settings; the defaults for an id not configured.</summary>
    public BoardOptions Board(string companyId) => Companies.GetValueOrDefault(companyId)?.Board ?? new BoardOptions();
}

public sealed class AuthenticationOptions
{
    public BearerOptions Bearer { get; set; } = new();

    public DashboardSignInOptions SignIn { get; set; } = new();
}

public enum SignInProvider
{
    /// <summary>Local accounts (ASP.NET Core Identity), starting with the bootstrap <c>admin</c>.</summary>
    Local,

    /// <summary>Microsoft Entra ID through Microsoft.Identity.Web (OpenID Connect), with the <c>AzureAd</c> section.</summary>
    EntraId,
}

/// <summary>How supervisors sign in to the dashboard.</summary>
public sealed class DashboardSignInOptions
{
    public SignInProvider Provider { get; set; } = SignInProvider.Local;

    /// <summary>
    /// With Entra ID, the ID-token claim whose values give the user's companies and roles: <c>demo:supervisor</c>,
    /// or <c>demo.supervisor</c> as Entra app role values are usually written; <c>*</c> for every company.
    /// </summary>
    public string CompanyRoleClaim { get; set; } = "roles";
}

/// <summary>
/// OAuth2/OIDC bearer tokens for the API. With an <c>AzureAd</c> section (Instance, TenantId, ClientId) tokens are
/// validated by Microsoft.Identity.Web for Entra ID; otherwise, with <see cref="Authority"/>, by any OIDC authority.
/// </summary>
public sealed class BearerOptions
{
    /// <summary>The OIDC authority (issuer) whose signing keys validate tokens.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim whose values are <c>{companyId}:{role}</c> (or <c>*:{role}</c>) for each company the caller may see.</summary>
    public string CompanyRoleClaim { get; set; } = "taskconsole_company_roles";
}

public sealed class BootstrapOptions
{
    /// <summary>When set, an admin API key for every company (automation, containers). Keep it secret.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The password of the <c>admin</c> user created on first run; generated and printed once when unset.</summary>
    public string? AdminPassword { get; set; }
}

public sealed class RateLimitOptions
{
    /// <summary>Requests each caller may make per minute before 429.</summary>
    public int RequestsPerMinute { get; set; } = 1_200;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (default: <c>{DataDirectory}/taskconsole.db</c>) or Postgres (<c>ConnectionStrings:TaskConsole</c> required).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public sealed class CompanyOptions
{
    public string? DisplayName { get; set; }

    /// <summary>IANA time zone id; "today" in every statistic starts at midnight here.</summary>
    public string TimeZone { get; set; } = "UTC";

    public TaskRouterMode TaskRouter { get; set; } = TaskRouterMode.Embedded;

    public EmbeddedCompanyOptions Embedded { get; set; } = new();

    public BoardOptions Board { get; set; } = new();
}

/// <summary>What the queue board flags for a company, and the service level it measures.</summary>
public sealed class BoardOptions
{
    public static readonly IReadOnlyList<int> DefaultServiceLevelThresholds = [30, 60];

    /// <summary>A task that has waited this long is shown amber.</summary>
    public int WaitWarningSeconds { get; set; } = 60;

    /// <summary>A task that has waited this long is shown red.</summary>
    public int WaitCriticalSeconds { get; set; } = 300;

    /// <summary>
    /// Wait times, in seconds, that split the queues' statistics (<c>split_by_wait_time</c>); the first is the service
    /// level: a task accepted within it was answered in time. Default 30 and 60.
    /// </summary>
    public int[]? ServiceLevelThresholds { get; set; }

    /// <summary>The share of tasks answered within the service level below which the board shows it red.</summary>
    public int ServiceLevelTargetPercent { get; set; } = 80;

    public IReadOnlyList<int> Thresholds => ServiceLevelThresholds is { Length: > 0 } configured ? configured : DefaultServiceLevelThresholds;
}

public sealed class EmbeddedCompanyOptions
{
    /// <summary>The account SID the workspace is created under; generated on first run when empty.</summary>
    public string? AccountSid { get; set; }

    /// <summary>
    /// The auth token of the workspace's Twilio-compatible API (HTTP Basic with the account SID) and the key that signs
    /// its event callbacks. Generated on first run and kept, encrypted, in the database when unset; rotatable by admins then.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>How many times an event callback is retried, with doubling delays from one second, before it is given up.</summary>
    public int CallbackRetries { get; set; } = 5;

    /// <summary>Whether a new workspace is filled with the demo contact centre.</summary>
    public bool SeedDemoData { get; set; } = true;
}

public sealed class SimulatorOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Agents created in each new demo workspace.</summary>
    public int Workers { get; set; } = 40;

    /// <summary>Tasks the simulated CRM creates per minute in each embedded company.</summary>
    public double TasksPerMinute { get; set; } = 12;
}
