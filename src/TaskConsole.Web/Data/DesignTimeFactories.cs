using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TaskConsole.Web.Data;

// Used by `dotnet ef migrations add` only; the app configures its context from TaskConsole:Database at start-up.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTaskConsoleDbContext>
{
    public SqliteTaskConsoleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTaskConsoleDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTaskConsoleDbContext>
{
    public PostgresTaskConsoleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTaskConsoleDbContext>().UseNpgsql("Host=localhost;Database=taskconsole_design").Options);
}
