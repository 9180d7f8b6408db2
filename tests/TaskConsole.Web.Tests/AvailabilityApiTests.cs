using System.Net;
using System.Text;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web;

/// <summary>Run on both database providers through the two sealed classes below.</summary>
public abstract class AvailabilityApiTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_SwitchesATypeOffForAUser_AndTheirWorkerGetsNoSuchTasks()
    {
        var worker = api.Demo.GetWorkers().OrderBy(w => w.FriendlyName, StringComparer.Ordinal).First();
        var userId = worker.AttributesJson.GetProperty("userId").GetString()!;
        using var client = api.Client("demo:supervisor");

        var response = await PutAsync(client, $$$$"""{"availableByUserConfig":{"{{{{userId}}}}":{"reviewVoicemail":false,"smartReviewCase":true}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var data = (await ApiFixture.JsonAsync(response)).GetProperty("data");
        data.GetProperty("availableByUserConfig").GetProperty(userId).GetProperty("reviewVoicemail").GetBoolean().ShouldBeFalse();
        data.GetProperty("availableByUserConfig").GetProperty(userId).GetProperty("answerInboundVoiceCall").GetBoolean().ShouldBeTrue();
        data.GetProperty("updatedBy").GetString().ShouldBe("apikey:demo-Supervisor");
        var attributes = api.Demo.GetWorker(worker.Sid)!.AttributesJson;
        attributes.GetProperty("unavailableTaskTypes").EnumerateArray().Select(e => e.GetString()).ShouldBe(["reviewVoicemail"]);
        attributes.GetProperty("userId").GetString().ShouldBe(userId, "the other attributes are kept");

        foreach (var other in api.Demo.GetWorkers().Where(w => w.Sid != worker.Sid))
        {
            api.Demo.UpdateWorker(other.Sid, new WorkerSettings(ActivitySid: api.Demo.GetActivities().Single(a => a.FriendlyName == "Offline").Sid)).GetValueOrThrow();
        }

        var voicemail = api.Demo.CreateTask(new NewTask("""{"taskType":"reviewVoicemail","language":"en"}""", TaskChannel: "voice")).GetValueOrThrow();
        api.Demo.GetTaskReservations(voicemail.Sid).ShouldAllBe(r => r.WorkerSid != worker.Sid);
        var get = await ApiFixture.JsonAsync(await api.Client("demo:viewer").GetAsync(new Uri("/twilio/tasktype-availability", UriKind.Relative), Cancel));
        get.GetProperty("data").GetProperty("availableByUserConfig").GetProperty(userId).EnumerateObject().Count().ShouldBe(CrmVocabulary.TaskTypes.Count);
    }

    [Theory]
    [InlineData("""{"availableByUserConfig":{"u-1000":{"callMom":false}}}""", "availableByUserConfig.u-1000.callMom: not a task type")]
    [InlineData("""{"availableByUserConfig":{"u-1000":{"reviewVoicemail":"no"}}}""", "availableByUserConfig.u-1000.reviewVoicemail: must be true or false")]
    [InlineData("""{"availableByUserConfig":{"ghost":{"reviewVoicemail":false}}}""", "availableByUserConfig.ghost: no worker of this company has userId 'ghost'")]
    [InlineData("""{"availableByUserConfig":[]}""", "availableByUserConfig: must be an object keyed by user id")]
    [InlineData("""{"other":{}}""", "availableByUserConfig: the body must be a JSON object")]
    [InlineData("""{"availableByUserConfig":""", "body: not valid JSON")]
    public async Task Put_RefusesBadInputNamingTheField(string json, string message)
    {
        using var client = api.Client("demo:supervisor");
        var response = await PutAsync(client, json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ApiFixture.JsonAsync(response)).GetProperty("message").GetString()!.ShouldStartWith(message);
    }

    [Fact]
    public async Task CallersOfSeveralCompanies_NameTheCompanyInTheQuery()
    {
        using var bootstrap = api.Client(ApiFixture.BootstrapKey);
        var ambiguous = await bootstrap.GetAsync(new Uri("/twilio/tasktype-availability", UriKind.Relative), Cancel);
        ambiguous.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ApiFixture.JsonAsync(ambiguous)).GetProperty("message").GetString()!.ShouldStartWith("companyId is required");

        var northwind = await bootstrap.GetAsync(new Uri("/twilio/tasktype-availability?companyId=northwind", UriKind.Relative), Cancel);
        northwind.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var demoOnly = api.Client("demo:viewer");
        (await demoOnly.GetAsync(new Uri("/twilio/tasktype-availability?companyId=northwind", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await demoOnly.PutAsync(new Uri("/twilio/tasktype-availability", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), Cancel)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string json) =>
        client.PutAsync(new Uri("/twilio/tasktype-availability", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
}

public sealed class AvailabilityApiTestsOnSqlite(ApiFixture api) : AvailabilityApiTests(api), IClassFixture<ApiFixture>;

public sealed class AvailabilityApiTestsOnPostgres(PostgresApiFixture api) : AvailabilityApiTests(api), IClassFixture<PostgresApiFixture>;
