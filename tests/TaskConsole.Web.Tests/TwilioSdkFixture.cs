using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Core.Embedded;
using TaskConsole.Web.TaskRouter;
using TaskConsole.Web.TwilioApi;
using Twilio.Clients;
using Twilio.Http;

namespace TaskConsole.Web;

/// <summary>
/// The real app with an empty embedded company "sdk" (no demo data), and the official Twilio SDK pointed at it the way
/// the README tells users to: a handler that sends requests for https://taskrouter.twilio.com to this server instead.
/// </summary>
public sealed class TwilioSdkFixture : IAsyncLifetime
{
    public const string Company = "sdk";
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-twilio-").FullName;

    public TaskConsoleFactory Factory { get; private set; } = null!;

    public EmbeddedCredential Credential { get; private set; } = null!;

    public EmbeddedCredential OtherCompany { get; private set; } = null!;

    public ITwilioRestClient Client { get; private set; } = null!;

    public string WorkspaceSid => Credential.WorkspaceSid;

    public TaskRouterEngine Engine => Factory.Services.GetRequiredService<EmbeddedWorkspaces>().Clients.Single(c => c.Company.Id == Company).Engine;

    public async ValueTask InitializeAsync()
    {
        Factory = new TaskConsoleFactory(_data, new Dictionary<string, string?>
        {
            [$"TaskConsole:Companies:{Company}:DisplayName"] = "SDK test company",
            [$"TaskConsole:Companies:{Company}:Embedded:SeedDemoData"] = "false",
            [$"TaskConsole:Companies:{Company}:Embedded:CallbackRetries"] = "3",
        });
        Factory.CreateClient().Dispose();
        var credentials = Factory.Services.GetRequiredService<EmbeddedCredentials>();
        Credential = (await credentials.GetAsync(Company, CancellationToken.None))!;
        OtherCompany = (await credentials.GetAsync("demo", CancellationToken.None))!;
        Client = ClientFor(Credential.AccountSid, Credential.AuthToken);
    }

    /// <summary>A Twilio REST client with these credentials whose twilio.com requests reach the test server.</summary>
    public ITwilioRestClient ClientFor(string accountSid, string authToken)
    {
        var http = new System.Net.Http.HttpClient(new TwilioHostRewrite(Factory.Server.CreateHandler()));
        return new TwilioRestClient(accountSid, authToken, httpClient: new SystemNetHttpClient(http));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>What the README shows: rewrite scheme, host and port of twilio.com requests; leave the rest as sent.</summary>
    private sealed class TwilioHostRewrite(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { Host: "taskrouter.twilio.com" } uri)
            {
                request.RequestUri = new UriBuilder(uri) { Scheme = "http", Host = "localhost", Port = 80 }.Uri;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
