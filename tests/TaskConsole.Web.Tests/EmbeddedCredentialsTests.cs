using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TaskConsole.Web.TwilioApi;

namespace TaskConsole.Web;

public sealed class EmbeddedCredentialsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("taskconsole-credentials-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GeneratedToken_SurvivesARestart_AndRotationRetiresTheOldOne()
    {
        EmbeddedCredential first;
        await using (var factory = new TaskConsoleFactory(_data))
        {
            first = (await factory.Services.GetRequiredService<EmbeddedCredentials>().GetAsync("demo", Cancel))!;
            first.Configured.ShouldBeFalse();
            first.AuthToken.Length.ShouldBe(32);
        }

        await using (var factory = new TaskConsoleFactory(_data))
        {
            var credentials = factory.Services.GetRequiredService<EmbeddedCredentials>();
            var again = (await credentials.GetAsync("demo", Cancel))!;
            again.ShouldBe(first with { RotatedAt = again.RotatedAt });
            (await StatusAsync(factory, again, again.AuthToken)).ShouldBe(HttpStatusCode.OK);

            var rotated = await credentials.RotateAsync("demo", "tests", Cancel);
            rotated.AuthToken.ShouldNotBe(first.AuthToken);
            (await StatusAsync(factory, again, first.AuthToken)).ShouldBe(HttpStatusCode.Unauthorized);
            (await StatusAsync(factory, again, rotated.AuthToken)).ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task ConfiguredToken_IsUsed_AndCannotBeRotatedHere()
    {
        const string token = "0123456789abcdef0123456789abcdef";
        await using var factory = new TaskConsoleFactory(_data, new Dictionary<string, string?> { ["TaskConsole:Companies:demo:Embedded:AuthToken"] = token });
        var credentials = factory.Services.GetRequiredService<EmbeddedCredentials>();
        var credential = (await credentials.GetAsync("demo", Cancel))!;
        credential.AuthToken.ShouldBe(token);
        credential.Configured.ShouldBeTrue();
        (await StatusAsync(factory, credential, token)).ShouldBe(HttpStatusCode.OK);
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => credentials.RotateAsync("demo", "tests", Cancel));
        refused.Message.ShouldContain("TaskConsole:Companies:demo:Embedded:AuthToken");
    }

    [Fact]
    public void AccountSid_ThatDiffersFromTheKeptWorkspace_StopsStartUp_NamingTheKey()
    {
        using (var factory = new TaskConsoleFactory(_data))
        {
            factory.CreateClient().Dispose();
        }

        using var mismatched = new TaskConsoleFactory(_data, new Dictionary<string, string?> { ["TaskConsole:Companies:demo:Embedded:AccountSid"] = "AC" + new string('a', 32) });
        Should.Throw<Exception>(() => mismatched.CreateClient()).ToString().ShouldContain("TaskConsole:Companies:demo:Embedded:AccountSid");
    }

    private static async Task<HttpStatusCode> StatusAsync(TaskConsoleFactory factory, EmbeddedCredential credential, string token)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.AccountSid}:{token}")));
        using var response = await client.GetAsync(new Uri($"/v1/Workspaces/{credential.WorkspaceSid}", UriKind.Relative), Cancel);
        return response.StatusCode;
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
