using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TaskConsole.Web.Data;
using TaskConsole.Web.Options;

namespace Microsoft.AspNetCore.Builder;

public static class DataExtensions
{
    public const string ConnectionStringName = "TaskConsole";

    /// <summary>TaskConsole's database on the provider chosen by <c>TaskConsole:Database:Provider</c>, migrated at start-up.</summary>
    public static IHostApplicationBuilder AddTaskConsoleData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TaskConsoleOptions.Section).Get<TaskConsoleOptions>() ?? new TaskConsoleOptions();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var folder = Path.GetFullPath(options.DataDirectory, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(folder);

        // Keys kept with the data: sign-in cookies and the encrypted embedded auth tokens survive restarts and container moves.
        builder.Services.AddDataProtection().SetApplicationName("TaskConsole").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        if (options.Database.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{ConnectionStringName} is required when TaskConsole:Database:Provider is Postgres.");
            }

            builder.Services.AddDbContext<TaskConsoleDbContext, PostgresTaskConsoleDbContext>(db => db.UseNpgsql(connectionString));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                connectionString = $"Data Source={Path.Combine(folder, "taskconsole.db")}";
            }

            builder.Services.AddDbContext<TaskConsoleDbContext, SqliteTaskConsoleDbContext>(db => db.UseSqlite(connectionString));
        }

        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}
