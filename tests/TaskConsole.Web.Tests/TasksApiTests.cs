using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskConsole.Core.Domain;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web;

/// <summary>Run on both database providers through the two sealed classes below.</summary>
public abstract class TasksApiTests(ApiFixture api)
{
    private const string FreshAgent = """{"userId":"u-extra","skills":["collections","caseReview","escalations"],"channels":["voice","sms","chat"],"languages":["en","es"]}""";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queues_CarryRealTimeAndTodaysStatisticsWithServiceLevelSplits()
    {
        using var client = api.Client("demo:viewer");
        var queues = await ApiFixture.JsonAsync(await client.GetAsync(new Uri("/companies/demo/twilio-queues", UriKind.Relative), Cancel));

        queues.GetArrayLength().ShouldBe(5);
        var first = queues[0];
        first.GetProperty("friendly_name").GetString().ShouldBe("Inbound voice");
        first.GetProperty("sid").GetString()!.ShouldStartWith("WQ");
        first.GetProperty("real_time_statistics").GetProperty("tasks_by_status").GetProperty("pending").ValueKind.ShouldBe(JsonValueKind.Number);
        var cumulative = first.GetProperty("cumulative_statistics");
        cumulative.GetProperty("split_by_wait_time").GetProperty("30").GetProperty("below").GetProperty("reservations_accepted").ValueKind.ShouldBe(JsonValueKind.Number);
        cumulative.GetProperty("split_by_wait_time").GetProperty("60").GetProperty("above").GetProperty("tasks_canceled").ValueKind.ShouldBe(JsonValueKind.Number);
        cumulative.GetProperty("wait_duration_until_accepted").GetProperty("avg").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task Workers_WithStatsToday_NameTheTimeZone()
    {
        using var client = api.Client("demo:viewer");
        var body = await ApiFixture.JsonAsync(await client.GetAsync(new Uri("/companies/demo/twilio-workers?include=statsToday", UriKind.Relative), Cancel));

        var workers = body.GetProperty("data");
        workers.GetArrayLength().ShouldBe(api.Demo.GetWorkers().Count);
        var stats = workers[0].GetProperty("statsToday");
        stats.GetProperty("time_zone").GetString().ShouldBe("America/New_York");
        stats.GetProperty("tasks_completed").ValueKind.ShouldBe(JsonValueKind.Number);
        stats.GetProperty("activity_durations").GetArrayLength().ShouldBe(4);
        workers[0].GetProperty("attributes").ValueKind.ShouldBe(JsonValueKind.Object);
        workers.EnumerateArray().Select(w => w.GetProperty("friendly_name").GetString()).ShouldBeInOrder(SortDirection.Ascending, StringComparer.OrdinalIgnoreCase);
        var first = api.Demo.GetWorker(workers[0].GetProperty("sid").GetString()!)!;
        workers[0].GetProperty("date_created").GetString().ShouldBe(first.DateCreated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        workers[0].GetProperty("activity_name").GetString().ShouldBe(first.ActivityName);
        var midnight = TaskConsole.Core.Domain.CompanyCalendar.StartOfToday(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        stats.GetProperty("start_time").GetString().ShouldBe(midnight.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        stats.GetProperty("activity_durations")[0].GetProperty("friendly_name").GetString().ShouldBe("Offline");
        var expected = api.Demo.GetWorkersCumulativeStatistics(midnight, DateTimeOffset.UtcNow)[first.Sid].ActivityDurations;
        var written = stats.GetProperty("activity_durations").EnumerateArray().Select(d => new
        {
            Sid = d.GetProperty("sid").GetString(),
            Name = d.GetProperty("friendly_name").GetString(),
            Min = d.GetProperty("min").GetInt64(),
            Total = d.GetProperty("total").GetInt64(),
        }).ToList();
        written.Select(d => (d.Sid, d.Name)).ShouldBe(expected.Select(d => ((string?)d.Sid, (string?)d.FriendlyName)));
        written.Select(d => d.Min).ShouldBe(expected.Select(d => d.Min));
        written.Zip(expected, (w, e) => e.Total - w.Total).ShouldAllBe(drift => drift >= 0 && drift <= 1, "the running activity only grows between the two reads");

        var plain = await ApiFixture.JsonAsync(await client.GetAsync(new Uri("/companies/demo/twilio-workers", UriKind.Relative), Cancel));
        plain.GetProperty("data")[0].TryGetProperty("statsToday", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("include=everything", "include: 'everything' is not one of statsToday")]
    public async Task Workers_RefuseUnknownIncludes(string query, string message)
    {
        using var client = api.Client("demo:viewer");
        var response = await client.GetAsync(new Uri($"/companies/demo/twilio-workers?{query}", UriKind.Relative), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ApiFixture.JsonAsync(response)).GetProperty("message").GetString().ShouldBe(message);
    }

    [Fact]
    public async Task UnterminatedTasks_ApplyEverySeedFilter()
    {
        var marker = Guid.NewGuid().ToString("N");
        var withCase = Create($$"""{"taskType":"reviewDocumentUpload","caseId":"C-{{marker}}-1","caseType":"bankruptcy","caseOwnerId":"u-1","supercaseId":"S-{{marker}}","marker":"{{marker}}","amount":30}""", priority: 5);
        var noOwner = Create($$"""{"taskType":"reviewDocumentUpload","caseId":"C-{{marker}}-2","caseType":"collection","marker":"{{marker}}","amount":10}""", priority: 9);
        var noCase = Create($$"""{"taskType":"replyToNewText","interactionId":"I-{{marker}}","marker":"{{marker}}","unableToComplete":true,"amount":20}""", channel: "sms");
        var mine = $"taskAttrMatchExpr={Uri.EscapeDataString($"marker == '{marker}'")}";

        (await Sids($"{mine}")).ShouldBe([withCase, noOwner, noCase]);
        (await Sids($"{mine}&taskType=reviewDocumentUpload")).ShouldBe([withCase, noOwner]);
        (await Sids($"{mine}&taskType=replyToNewText&taskType=reviewDocumentUpload")).ShouldBe([withCase, noOwner, noCase]);
        (await Sids($"{mine}&caseType[]=bankruptcy")).ShouldBe([withCase]);
        (await Sids($"{mine}&caseId=C-{marker}-1,C-{marker}-2")).ShouldBe([withCase, noOwner]);
        (await Sids($"{mine}&supercaseId=S-{marker}")).ShouldBe([withCase]);
        (await Sids($"{mine}&interactionId=I-{marker}")).ShouldBe([noCase]);
        (await Sids($"{mine}&unableToComplete=true")).ShouldBe([noCase]);
        (await Sids($"{mine}&unableToComplete=false")).ShouldBe([withCase, noOwner]);
        (await Sids($"{mine}&hasCase=false")).ShouldBe([noCase]);
        (await Sids($"{mine}&hasCaseOwner=true")).ShouldBe([withCase]);
        (await Sids($"{mine}&hasCase=true&hasCaseOwner=false")).ShouldBe([noOwner]);
        (await Sids($"taskAttrMatchExpr={Uri.EscapeDataString($"marker == '{marker}' AND amount >= 20")}")).ShouldBe([withCase, noCase]);
        (await Sids($"{mine}&sortBy=priority:desc")).ShouldBe([noOwner, withCase, noCase]);
        (await Sids($"{mine}&sortBy=attributes.amount")).ShouldBe([noOwner, noCase, withCase]);
        (await Sids($"{mine}&sortBy=attributes.amount:desc")).ShouldBe([withCase, noCase, noOwner]);
        var ties = new[] { 7, 3, 7, 3, 7 }.Select(p => Create($$"""{"taskType":"reviewVoicemail","marker":"{{marker}}-ties"}""", priority: p)).ToList();
        var tied = $"taskAttrMatchExpr={Uri.EscapeDataString($"marker == '{marker}-ties'")}";
        var byPriorityThenSid = ties.OrderByDescending(sid => api.Demo.GetTask(sid)!.Priority).ThenBy(sid => sid, StringComparer.Ordinal).ToList();
        (await Sids($"{tied}&sortBy=priority:desc")).ShouldBe(byPriorityThenSid);
        (await Sids($"{tied}&sortBy=dateCreated")).ShouldBe(await Sids($"{tied}&sortBy=age:desc"));
        (await Sids($"{tied}&sortBy=priority:desc&sortBy=dateCreated")).ShouldBe(
            ties.OrderByDescending(sid => api.Demo.GetTask(sid)!.Priority).ThenBy(sid => api.Demo.GetTask(sid)!.DateCreated).ThenBy(sid => sid, StringComparer.Ordinal).ToList());
        var reserved = api.Demo.GetTask(withCase)!.AssignmentStatus.ToWire();
        (await Sids($"{mine}&assignmentStatus={reserved}")).ShouldContain(withCase);
        var queue = api.Demo.GetTask(noCase)!.TaskQueueSid;
        (await Sids($"{mine}&taskQueueSid={queue}")).ShouldBe([noCase]);
    }

    [Fact]
    public async Task UnterminatedTasks_PageWithUrlsThatWorkAsGiven()
    {
        var marker = Guid.NewGuid().ToString("N");
        var created = Enumerable.Range(0, 5).Select(i => Create($$"""{"taskType":"smartReviewCase","marker":"{{marker}}"}""")).ToList();
        using var client = api.Client("demo:viewer");
        var seen = new List<string>();
        var url = $"/companies/demo/twilio-unterminated-tasks?pageSize=2&taskAttrMatchExpr={Uri.EscapeDataString($"marker == '{marker}'")}&include=reservation";
        string? previous = null;
        var pages = 0;
        while (url is not null)
        {
            var body = await ApiFixture.JsonAsync(await client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute), Cancel));
            foreach (var task in body.GetProperty("data").EnumerateArray())
            {
                seen.Add(task.GetProperty("sid").GetString()!);
                task.TryGetProperty("reservation", out _).ShouldBeTrue();
            }

            previous = body.GetProperty("previousUrl").GetString();
            url = body.GetProperty("nextUrl").GetString();
            url?.ShouldStartWith("http://localhost/companies/demo/twilio-unterminated-tasks?");
            pages++;
        }

        pages.ShouldBe(3);
        previous.ShouldNotBeNull();
        seen.ShouldBe(created);
    }

    [Theory]
    [InlineData("assignmentStatus=completed", "assignmentStatus: 'completed' tasks are terminated")]
    [InlineData("assignmentStatus=lost", "assignmentStatus: 'lost' is not one of pending, reserved, assigned, wrapping")]
    [InlineData("taskType=callMom", "taskType: 'callMom' is not one of answerInboundVoiceCall")]
    [InlineData("caseType[]=divorce", "caseType: 'divorce' is not one of generic")]
    [InlineData("taskAttrMatchExpr=language%20IN", "taskAttrMatchExpr: expected a value after IN at column 12")]
    [InlineData("pageSize=1001", "pageSize: '1001' must be a whole number from 1 to 1000")]
    [InlineData("pageSize=abc", "pageSize: 'abc' must be a whole number from 1 to 1000")]
    [InlineData("pageToken=garbage", "pageToken: not a token this list gave out")]
    [InlineData("sortBy=size", "sortBy: 'size' is not one of dateCreated")]
    [InlineData("sortBy=priority:up", "sortBy: 'priority:up' must be a field")]
    [InlineData("hasCase=maybe", "hasCase: 'maybe' is not true or false")]
    [InlineData("taskQueueSid=queue1", "taskQueueSid: 'queue1' is not a task queue SID")]
    [InlineData("include=worker", "include: 'worker' is not one of reservation")]
    public async Task UnterminatedTasks_BadFiltersAnswer400NamingTheParameter(string query, string message)
    {
        using var client = api.Client("demo:viewer");
        var response = await client.GetAsync(new Uri($"/companies/demo/twilio-unterminated-tasks?{query}", UriKind.Relative), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await ApiFixture.JsonAsync(response);
        body.GetProperty("status").GetInt32().ShouldBe(400);
        body.GetProperty("message").GetString()!.ShouldStartWith(message);
    }

    [Fact]
    public async Task GetAndDelete_OneTask_AndTheAuditLogRecordsWho()
    {
        var sid = Create("""{"taskType":"reviewSnoozedCase"}""");
        using var client = api.Client("demo:supervisor");
        var fetched = await ApiFixture.JsonAsync(await client.GetAsync(new Uri($"/companies/demo/twilio-unterminated-tasks/{sid}", UriKind.Relative), Cancel));
        fetched.GetProperty("data").GetProperty("sid").GetString().ShouldBe(sid);
        fetched.GetProperty("data").GetProperty("attributes").GetProperty("taskType").GetString().ShouldBe("reviewSnoozedCase");
        var ended = api.WhenEndedAsync("demo", sid);

        var deleted = await client.DeleteAsync(new Uri($"/companies/demo/twilio-unterminated-tasks/{sid}", UriKind.Relative), Cancel);

        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ApiFixture.JsonAsync(deleted)).GetProperty("status").GetInt32().ShouldBe(200);
        await ended;
        (await client.GetAsync(new Uri($"/companies/demo/twilio-unterminated-tasks/{sid}", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var history = await ApiFixture.JsonAsync(await client.GetAsync(new Uri($"/companies/demo/twilio-terminated-tasks/{sid}", UriKind.Relative), Cancel));
        history.GetProperty("data").GetProperty("endedBy").GetString().ShouldBe(EventTypes.TaskDeleted);
        history.GetProperty("data").GetProperty("outcome").GetString().ShouldBe("canceled");
        var audit = await ApiFixture.JsonAsync(await client.GetAsync(new Uri("/companies/demo/audit-log?action=task.delete", UriKind.Relative), Cancel));
        var entry = audit.GetProperty("data").EnumerateArray().First(a => a.GetProperty("targets")[0].GetString() == sid);
        entry.GetProperty("actor").GetString().ShouldBe("apikey:demo-Supervisor");
        entry.GetProperty("result").GetString().ShouldBe("deleted");
    }

    [Fact]
    public async Task BulkDelete_ReportsEverySid()
    {
        var pending = Create("""{"taskType":"reviewCaseInstructions"}""");
        var gone = Create("""{"taskType":"reviewCaseInstructions"}""");
        api.Demo.DeleteTask(gone).GetValueOrThrow();
        var completed = Create("""{"taskType":"reviewCaseInstructions"}""", accept: true);
        api.Demo.UpdateTask(completed, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: "done")).GetValueOrThrow();
        using var client = api.Client("demo:supervisor");

        var body = await DeleteManyAsync(client, $$"""{"taskSids":["{{pending}}","{{gone}}","{{completed}}","nonsense"]}""");

        body.GetProperty("status").GetInt32().ShouldBe(200);
        var results = body.GetProperty("data").EnumerateArray().ToDictionary(r => r.GetProperty("taskSid").GetString()!, r => r.GetProperty("result").GetString());
        results.ShouldBe(new Dictionary<string, string?> { [pending] = "deleted", [gone] = "notFound", [completed] = "alreadyTerminated", ["nonsense"] = "notFound" }, ignoreOrder: true);
    }

    [Theory]
    [InlineData("""{"taskSids":[]}""", "taskSids: give from 1 to 1000 task SIDs (got 0)")]
    [InlineData("""{"taskSids":"WT1"}""", "taskSids: must be an array of task SIDs")]
    [InlineData("""{"taskSids":[1]}""", "taskSids[0]: must be a string")]
    [InlineData("""{"sids":["WT1"]}""", "taskSids: the body must be a JSON object with a taskSids array")]
    [InlineData("""{"taskSids":[""", "body: not valid JSON")]
    [InlineData("", "body: not valid JSON")]
    public async Task BulkDelete_RefusesBadBodies(string json, string message)
    {
        using var client = api.Client("demo:supervisor");
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/companies/demo/twilio-unterminated-tasks") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var response = await client.SendAsync(request, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ApiFixture.JsonAsync(response)).GetProperty("message").GetString()!.ShouldStartWith(message);
    }

    [Fact]
    public async Task Abandon_CompletesAsUnableToComplete_AndRoutesADuplicateAwayFromTheWorker_Once()
    {
        var sid = Create("""{"taskType":"reviewAutoCreatedCase","caseId":"CS-ABANDON"}""", priority: 7, accept: true);
        var worker = api.Demo.GetTask(sid)!.LastWorkerSid!;
        using var client = api.Client("demo:supervisor");
        client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var ended = api.WhenEndedAsync("demo", sid);

        var first = await client.PostAsync(new Uri($"/companies/demo/twilio-unterminated-tasks/{sid}/abandon", UriKind.Relative), null, Cancel);
        var retry = await client.PostAsync(new Uri($"/companies/demo/twilio-unterminated-tasks/{sid}/abandon", UriKind.Relative), null, Cancel);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await ApiFixture.JsonAsync(first);
        (await ApiFixture.JsonAsync(retry)).GetRawText().ShouldBe(body.GetRawText());
        var duplicate = body.GetProperty("data");
        var attributes = duplicate.GetProperty("attributes");
        attributes.GetProperty("unableToComplete").GetBoolean().ShouldBeTrue();
        attributes.GetProperty("abandonedFromTaskSid").GetString().ShouldBe(sid);
        attributes.GetProperty("caseId").GetString().ShouldBe("CS-ABANDON");
        duplicate.GetProperty("priority").GetInt32().ShouldBe(7);
        var newSid = duplicate.GetProperty("sid").GetString()!;
        api.Demo.GetTaskReservations(newSid).ShouldAllBe(r => r.WorkerSid != worker);
        api.Demo.GetTasks().Count(t => t.AttributesJson.TryGetProperty("abandonedFromTaskSid", out var from) && from.GetString() == sid).ShouldBe(1);
        await ended;
        var history = await ApiFixture.JsonAsync(await client.GetAsync(new Uri($"/companies/demo/twilio-terminated-tasks/{sid}", UriKind.Relative), Cancel));
        history.GetProperty("data").GetProperty("reason").GetString().ShouldBe("Unable to Complete");
        history.GetProperty("data").GetProperty("attributes").GetProperty("unableToComplete").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Abandon_OfATaskNotAccepted_SaysWhy()
    {
        var sid = Create("""{"taskType":"reviewAutoUpdatedCase"}""");
        using var client = api.Client("demo:supervisor");

        var response = await client.PostAsync(new Uri($"/companies/demo/twilio-unterminated-tasks/{sid}/abandon", UriKind.Relative), null, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var status = api.Demo.GetTask(sid)!.AssignmentStatus.ToWire();
        (await ApiFixture.JsonAsync(response)).GetProperty("message").GetString()
            .ShouldBe($"Failed to abandon task: task {sid} is {status}; only an accepted task (assigned or wrapping) can be abandoned");
    }

    [Fact]
    public async Task TerminatedTasks_ListFilterFetchAndClone()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var sid = Create($$"""{"taskType":"reviewVoicemail","caseType":"deceased","caseId":"CS-{{marker}}","language":"en"}""", priority: 3, channel: "voice", accept: true);
        var ended = api.WhenEndedAsync("demo", sid);
        api.Demo.UpdateTask(sid, new TaskUpdate(AssignmentStatus: TaskAssignmentStatus.Completed, Reason: "Resolved")).GetValueOrThrow();
        await ended;
        using var client = api.Client("demo:supervisor");

        var list = await ApiFixture.JsonAsync(await client.GetAsync(new Uri($"/companies/demo/twilio-terminated-tasks?caseId=CS-{marker}&outcome=completed&caseType=deceased&taskType=reviewVoicemail", UriKind.Relative), Cancel));
        var record = list.GetProperty("data").EnumerateArray().Single();
        record.GetProperty("taskSid").GetString().ShouldBe(sid);
        var id = record.GetProperty("id").GetInt64();
        var byId = await ApiFixture.JsonAsync(await client.GetAsync(new Uri($"/companies/demo/twilio-terminated-tasks/{id}", UriKind.Relative), Cancel));
        byId.GetProperty("data").GetProperty("timeline").GetArrayLength().ShouldBeGreaterThanOrEqualTo(6);
        byId.GetProperty("data").GetProperty("handleSeconds").ValueKind.ShouldBe(JsonValueKind.Number);

        var clone = await ApiFixture.JsonAsync(await client.PostAsync(new Uri($"/companies/demo/twilio-terminated-tasks/{id}/clone", UriKind.Relative), null, Cancel));

        var copy = clone.GetProperty("data");
        copy.GetProperty("attributes").GetProperty("clonedFromTaskSid").GetString().ShouldBe(sid);
        copy.GetProperty("attributes").GetProperty("caseId").GetString().ShouldBe($"CS-{marker}");
        copy.GetProperty("priority").GetInt32().ShouldBe(3);
        copy.GetProperty("task_channel_unique_name").GetString().ShouldBe("voice");
        var original = await ApiFixture.JsonAsync(await client.GetAsync(new Uri($"/companies/demo/twilio-terminated-tasks/{sid}", UriKind.Relative), Cancel));
        original.GetProperty("data").GetProperty("cloneTaskSids").EnumerateArray().Select(c => c.GetString()).ShouldContain(copy.GetProperty("sid").GetString());
        (await client.GetAsync(new Uri("/companies/demo/twilio-terminated-tasks/WT00000000000000000000000000000000", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri("/companies/demo/twilio-terminated-tasks?outcome=lost", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Exports_AreCsvOfWhatTheFiltersMatch_WithFormulasDisarmed()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var risky = Create($$"""{"taskType":"reviewVoicemail","caseId":"=HYPERLINK(\"x\")","note":"a, \"quoted\"\nline","marker":"{{marker}}"}""");
        Create($$"""{"taskType":"replyToNewText","marker":"{{marker}}"}""");
        using var client = api.Client("demo:viewer");

        var response = await client.GetAsync(new Uri($"/companies/demo/exports/unterminated-tasks.csv?taskType=reviewVoicemail&taskAttrMatchExpr=marker%20%3D%3D%20'{marker}'", UriKind.Relative), Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName!.ShouldContain("unterminated-tasks-demo-");
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("taskSid,assignmentStatus,taskType,caseType,caseId,");
        lines.Length.ShouldBe(2, "the header and the one task the filters match; the attributes' newline stays inside its quoted cell");
        lines[1].ShouldStartWith($"{risky},pending,reviewVoicemail,,\"'=HYPERLINK(\"\"x\"\")\",");

        (await client.GetAsync(new Uri("/companies/demo/exports/unterminated-tasks.csv?taskAttrMatchExpr=a%20IN", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var history = await client.GetAsync(new Uri("/companies/demo/exports/terminated-tasks.csv?outcome=canceled&pageSize=1", UriKind.Relative), Cancel);
        history.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await history.Content.ReadAsStringAsync(Cancel)).ShouldStartWith("id,taskSid,outcome,reason,endedBy,");
        (await client.GetAsync(new Uri("/companies/demo/exports/terminated-tasks.csv?outcome=lost", UriKind.Relative), Cancel)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MalformedRequests_NeverAnswer5xx()
    {
        using var client = api.Client("demo:admin");
        var random = new Random(5);
        string[] paths = ["/twilio-unterminated-tasks", "/twilio-unterminated-tasks/{0}", "/twilio-unterminated-tasks/{0}/abandon", "/twilio-terminated-tasks", "/twilio-terminated-tasks/{0}", "/twilio-terminated-tasks/{0}/clone", "/twilio-workers", "/twilio-queues", "/audit-log"];
        string[] junk = ["", "%00", "%E2%82", "'", "\"", "WT", "WT0123456789abcdef0123456789abcdeZ", new string('x', 3000), "-1", "99999999999999999999", "true", "[]", "{}", "a%20IN", "%F0%9F%98%80", "..%2F..", "null"];
        string[] parameters = ["pageSize", "pageToken", "sortBy", "taskType", "caseType[]", "assignmentStatus", "taskAttrMatchExpr", "hasCase", "include", "from", "to", "outcome", "taskQueueSid", "unableToComplete", "companyId"];
        HttpMethod[] methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Put];
        for (var i = 0; i < 3_000; i++)
        {
            // TestServer itself refuses a NUL in the path before the app sees it (Kestrel answers 400), so paths skip "%00".
            var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, paths[random.Next(paths.Length)], junk[random.Next(junk.Length)].Replace("%00", "", StringComparison.Ordinal));
            var query = string.Join("&", Enumerable.Range(0, random.Next(4)).Select(_ => $"{parameters[random.Next(parameters.Length)]}={junk[random.Next(junk.Length)]}"));
            using var request = new HttpRequestMessage(methods[random.Next(methods.Length)], $"/companies/demo{path}?{query}");
            if (random.Next(2) == 0)
            {
                request.Content = new StringContent(junk[random.Next(junk.Length)] + junk[random.Next(junk.Length)], Encoding.UTF8, random.Next(2) == 0 ? "application/json" : "text/plain");
            }

            var response = await client.SendAsync(request, Cancel);
            ((int)response.StatusCode).ShouldBeLessThan(500, $"{request.Method} {request.RequestUri}");
        }
    }

    private string Create(string attributes, int? priority = null, string? channel = null, bool accept = false)
    {
        var task = api.Demo.CreateTask(new NewTask(attributes, Priority: priority, TaskChannel: channel)).GetValueOrThrow();
        if (accept)
        {
            // Tests share the fixture's agents and leave work queued with them. Bring in fresh agents until this
            // task is offered; each new agent first takes whatever has waited longest.
            var available = api.Demo.GetActivities().Single(a => a.FriendlyName == "Available").Sid;
            for (var agents = 0; api.Demo.GetTask(task.Sid)!.AssignmentStatus == TaskAssignmentStatus.Pending; agents++)
            {
                agents.ShouldBeLessThan(200, "the task was never offered");
                api.Demo.CreateWorker($"agent-{Guid.NewGuid():N}", FreshAgent, available).GetValueOrThrow();
            }

            var reservation = api.Demo.GetTaskReservations(task.Sid).First(r => r.ReservationStatus == ReservationStatus.Pending);
            api.Demo.UpdateReservation(task.Sid, reservation.Sid, new ReservationUpdate(ReservationStatus.Accepted)).GetValueOrThrow();
        }

        return task.Sid;
    }

    private async Task<List<string>> Sids(string query)
    {
        using var client = api.Client("demo:viewer");
        var response = await client.GetAsync(new Uri($"/companies/demo/twilio-unterminated-tasks?{query}", UriKind.Relative), Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        var body = await ApiFixture.JsonAsync(response);
        return body.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("sid").GetString()!).ToList();
    }

    private static async Task<JsonElement> DeleteManyAsync(HttpClient client, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/companies/demo/twilio-unterminated-tasks") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var response = await client.SendAsync(request, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        return await ApiFixture.JsonAsync(response);
    }
}

public sealed class TasksApiTestsOnSqlite(ApiFixture api) : TasksApiTests(api), IClassFixture<ApiFixture>;

public sealed class TasksApiTestsOnPostgres(PostgresApiFixture api) : TasksApiTests(api), IClassFixture<PostgresApiFixture>;
