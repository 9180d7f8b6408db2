using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;
using TaskConsole.Web.Events;
using TaskConsole.Web.Security;
using TaskConsole.Web.TaskRouter;

namespace TaskConsole.Web;

/// <summary>One running app (simulator off) on SQLite with API keys for each role, shared by a test class.</summary>
public class ApiFixture : IAsyncLifetime
{
    public const string BootstrapKey = "bootstrap-key-for-tests-0123456789";
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-api-").FullName;

    public TaskConsoleFactory Factory { get; private set; } = null!;

    /// <summary>The database provider the app runs on.</summary>
    protected virtual string Provider => "Sqlite";

    public Dictionary<string, string> Keys { get; } = [];

    public TaskRouterEngine Demo => Engine("demo");

    public async ValueTask InitializeAsync()
    {
        var settings = await TestDatabase.SettingsAsync(Provider);
        settings["TaskConsole:Bootstrap:ApiKey"] = BootstrapKey;
        Factory = new TaskConsoleFactory(_data, settings);
        Factory.CreateClient().Dispose();
        await using var scope = Factory.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
        foreach (var (company, role) in new[] { ("demo", CompanyRole.Viewer), ("demo", CompanyRole.Supervisor), ("demo", CompanyRole.Admin), ("northwind", CompanyRole.Supervisor) })
        {
            Keys[$"{company}:{role}".ToLowerInvariant()] = (await keys.CreateAsync(company, role, $"{company}-{role}", CancellationToken.None)).Key;
        }

        var revoked = await keys.CreateAsync("demo", CompanyRole.Admin, "revoked", CancellationToken.None);
        await keys.RevokeAsync(revoked.Record.Id, CancellationToken.None);
        Keys["revoked"] = revoked.Key;
    }

    public TaskRouterEngine Engine(string company) =>
        Factory.Services.GetRequiredService<EmbeddedWorkspaces>().Clients.Single(c => c.Company.Id == company).Engine;

    public HttpClient Client(string? key)
    {
        var client = Factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-KEY", Keys.GetValueOrDefault(key, key));
        }

        return client;
    }

    /// <summary>Resolves once the pipeline has recorded and published the event that ends this task.</summary>
    public Task WhenEndedAsync(string company, string taskSid)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = Factory.Services.GetRequiredService<TaskEventBroadcaster>().Subscribe(company, evt =>
        {
            if (evt.TaskSid == taskSid && EventTypes.EndsTask(evt.EventType))
            {
                ended.TrySetResult();
            }
        });
        return ended.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => { subscription.Dispose(); t.GetAwaiter().GetResult(); }, TaskScheduler.Default);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}

/// <summary>The same app on PostgreSQL (the server tests/run-all.sh starts), each fixture on a database of its own.</summary>
public sealed class PostgresApiFixture : ApiFixture
{
    protected override string Provider => "Postgres";
}
