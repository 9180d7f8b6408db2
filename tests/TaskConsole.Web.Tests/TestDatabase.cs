using Npgsql;

namespace TaskConsole.Web;

/// <summary>Settings that put a test app on one database provider, each test on a database of its own.</summary>
public static class TestDatabase
{
    public const string PostgresVariable = "TASKCONSOLE_TEST_POSTGRES";

    public static async Task<Dictionary<string, string?>> SettingsAsync(string provider)
    {
        if (provider == "Sqlite")
        {
            return new Dictionary<string, string?> { ["TaskConsole:Database:Provider"] = "Sqlite" };
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} must name a PostgreSQL server; tests/run-all.sh starts one and sets it.");
        var name = "taskconsole_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new Dictionary<string, string?>
        {
            ["TaskConsole:Database:Provider"] = "Postgres",
            ["ConnectionStrings:TaskConsole"] = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString,
        };
    }
}
