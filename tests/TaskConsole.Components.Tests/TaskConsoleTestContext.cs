using System.Security.Claims;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TaskConsole.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Events;
using TaskConsole.Web.Security;

namespace TaskConsole.Web.Components;

/// <summary>
/// A bUnit context with MudBlazor, a signed-in user, and a real in-memory TaskRouter engine for the company
/// <c>acme</c> on a fake clock: pages read and change real workspace state, and live updates come through the broadcaster.
/// </summary>
public abstract class TaskConsoleTestContext : BunitContext
{
    /// <param name="role">The signed-in user's role in <c>acme</c>.</param>
    /// <param name="configure">Services and settings of a test's own, added before anything is resolved.</param>
    protected TaskConsoleTestContext(CompanyRole role = CompanyRole.Viewer, Action<IServiceCollection, TaskConsole.Web.Options.TaskConsoleOptions>? configure = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        Engine = TaskRouterEngine.Open("Acme", Sids.New(Sids.Account), Clock);
        var company = new Company("acme", "Acme Servicing", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), TaskRouterMode.Embedded);
        Broadcaster = new TaskEventBroadcaster(NullLogger<TaskEventBroadcaster>.Instance);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Clock);
        var acme = new EmbeddedTaskRouterClient(company, Engine);
        Services.AddSingleton(acme);
        Services.AddSingleton(new TaskRouterDirectory([acme]));
        Services.AddSingleton(Broadcaster);
        Settings = new TaskConsole.Web.Options.TaskConsoleOptions();
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Settings));
        Services.AddSingleton<Microsoft.Extensions.Logging.ILogger<TaskConsole.Web.TaskRouter.WaitingHistory>>(NullLogger<TaskConsole.Web.TaskRouter.WaitingHistory>.Instance);
        Services.AddSingleton<TaskConsole.Web.TaskRouter.WaitingHistory>();
        Services.AddSingleton<TaskConsole.Web.Components.Shared.QueueBoards>();
        // The audit log on a private in-memory SQLite database, migrated like the real one.
        Database = new SqliteConnection("Data Source=:memory:");
        Database.Open();
        Services.AddDbContext<TaskConsoleDbContext, SqliteTaskConsoleDbContext>(db => db.UseSqlite(Database));
        Services.AddScoped<AuditLog>();
        Services.AddScoped<TaskConsole.Web.Components.Shared.TaskActions>();
        configure?.Invoke(Services, Settings);
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("supervisor@acme.test").SetClaims(new Claim(TaskConsoleClaims.CompanyRole, $"acme:{role}"));
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected FakeTimeProvider Clock { get; }

    /// <summary>The signed-in user; tests may change its claims before rendering.</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    /// <summary>TaskConsole's settings as the pages see them; tests may change them before rendering.</summary>
    protected TaskConsole.Web.Options.TaskConsoleOptions Settings { get; }

    protected TaskRouterEngine Engine { get; }

    protected TaskEventBroadcaster Broadcaster { get; }

    protected SqliteConnection Database { get; }

    protected TaskConsoleDbContext Db()
    {
        var db = Services.GetRequiredService<TaskConsoleDbContext>();
        db.Database.Migrate();
        return db;
    }

    protected WorkerInfo Worker(string name, string attributes, string activity = "Available") =>
        Engine.CreateWorker(name, attributes, Engine.GetActivities().Single(a => a.FriendlyName == activity).Sid).GetValueOrThrow();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Engine.Dispose();
            Database.Dispose();
        }

        base.Dispose(disposing);
    }
}
