using System.Globalization;
using System.Text.Json;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Embedded;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Simulation;

/// <summary>
/// A collections and servicing contact centre: voice, texts, web chat, case review and urgent escalations,
/// agents with languages, teams, skills and the task types they handle, and a workflow routing on the CRM's task attributes.
/// </summary>
public static class DemoWorkspace
{
    /// <summary>The demo's workflow; the simulator names it, since API users may add workflows of their own.</summary>
    public const string WorkflowName = "Collections routing";

    public const string VoiceQueue = "Inbound voice";
    public const string TextsQueue = "Texts";
    public const string ChatQueue = "Web chat";
    public const string CaseReviewQueue = "Case review";
    public const string UrgentQueue = "Urgent escalations";

    private static readonly string[] VoiceTypes = ["answerInboundVoiceCall", "makeScheduledCall", "reviewVoicemail"];
    private static readonly string[] TextTypes = ["replyToNewText", "replyToNewConvo"];
    private static readonly string[] ChatTypes = ["replyToNewWebChat", "replyToAbandonedWebChat"];
    private static readonly string[] UrgentTypes = ["reviewEscalatedCaseAgentUrgent", "reviewEscalatedCaseTeamUrgent"];
    private static readonly string[] Teams = ["Recoveries", "Hardship", "Early collections", "Disputes"];
    private static readonly string[] FirstNames = ["Ava", "Ben", "Carla", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jamal", "Kira", "Luis", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe"];
    private static readonly string[] LastNames = ["Alvarez", "Brooks", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Hughes", "Ito", "Johnson", "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Quintero", "Rossi", "Schmidt", "Tanaka"];

    /// <summary>Creates the queues, workflow and workers of the demo in an empty workspace; does nothing when it has queues already.</summary>
    public static void Seed(TaskRouterEngine engine, int workerCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (engine.GetTaskQueues().Count > 0)
        {
            return;
        }

        var voice = Queue(engine, VoiceQueue, "channels HAS 'voice'");
        var texts = Queue(engine, TextsQueue, "channels HAS 'sms'");
        var chat = Queue(engine, ChatQueue, "channels HAS 'chat'");
        var review = Queue(engine, CaseReviewQueue, "skills HAS 'caseReview'");
        var urgent = Queue(engine, UrgentQueue, "skills HAS 'escalations'");

        var configuration = new
        {
            task_routing = new
            {
                filters = new object[]
                {
                    new
                    {
                        filter_friendly_name = "Urgent escalations",
                        expression = $"taskType IN {List(UrgentTypes)}",
                        targets = new object[]
                        {
                            new { queue = urgent, priority = 100, timeout = 180 },
                            new { queue = review, priority = 100 },
                        },
                    },
                    new
                    {
                        filter_friendly_name = "Voice",
                        expression = $"taskType IN {List(VoiceTypes)}",
                        targets = new object[]
                        {
                            new { queue = voice, expression = "worker.languages HAS task.language", timeout = 60 },
                            new { queue = voice },
                        },
                    },
                    new { filter_friendly_name = "Texts", expression = $"taskType IN {List(TextTypes)}", targets = new object[] { new { queue = texts } } },
                    new { filter_friendly_name = "Web chat", expression = $"taskType IN {List(ChatTypes)}", targets = new object[] { new { queue = chat } } },
                    new
                    {
                        filter_friendly_name = "Escalated to the case owner",
                        expression = "taskType == 'reviewEscalatedCaseAgent' AND caseOwnerId != null",
                        targets = new object[]
                        {
                            new { queue = review, expression = "worker.userId == task.caseOwnerId", timeout = 300 },
                            new { queue = review },
                        },
                    },
                },
                default_filter = new { queue = review },
            },
        };
        engine.CreateWorkflow(new WorkflowSettings(WorkflowName, JsonSerializer.Serialize(configuration), 30)).GetValueOrThrow();

        var random = new Random(seed);
        var available = engine.GetActivities().Single(a => a.FriendlyName == "Available").Sid;
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < workerCount; i++)
        {
            var name = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";
            if (!used.Add(name))
            {
                name = $"{name} {i + 1}";
                used.Add(name);
            }

            var channels = new List<string> { "voice" };
            if (random.NextDouble() < 0.6)
            {
                channels.Add("sms");
            }

            if (random.NextDouble() < 0.5)
            {
                channels.Add("chat");
            }

            var skills = new List<string> { "collections" };
            if (random.NextDouble() < 0.5)
            {
                skills.Add("caseReview");
            }

            if (random.NextDouble() < 0.2)
            {
                skills.Add("escalations");
            }

            var languages = random.NextDouble() < 0.35 ? new[] { "en", "es" } : ["en"];
            var attributes = new
            {
                userId = $"u-{1000 + i}",
                name,
                email = $"{name.ToLowerInvariant().Replace(' ', '.')}@example.com",
                team = Teams[random.Next(Teams.Length)],
                languages,
                skills,
                channels,
                unavailableTaskTypes = Array.Empty<string>(),
            };
            var worker = engine.CreateWorker(name, JsonSerializer.Serialize(attributes), available).GetValueOrThrow();
            if (channels.Contains("chat"))
            {
                engine.UpdateWorkerChannel(worker.Sid, "chat", capacity: 2, available: null).GetValueOrThrow();
            }
        }
    }

    /// <summary>A realistic task for the demo: a task type weighted by how often the CRM creates it, and its case data.</summary>
    public static NewTask RandomTask(Random random, IReadOnlyList<WorkerInfo> workers)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(workers);
        var roll = random.NextDouble();
        var taskType = roll switch
        {
            < 0.30 => VoiceTypes[random.Next(VoiceTypes.Length)],
            < 0.50 => TextTypes[random.Next(TextTypes.Length)],
            < 0.62 => ChatTypes[random.Next(ChatTypes.Length)],
            < 0.66 => UrgentTypes[random.Next(UrgentTypes.Length)],
            _ => CrmVocabulary.TaskTypes[random.Next(CrmVocabulary.TaskTypes.Count)],
        };
        var channel = VoiceTypes.Contains(taskType) ? "voice" : TextTypes.Contains(taskType) ? "sms" : ChatTypes.Contains(taskType) ? "chat" : "default";
        var hasCase = channel == "default" || random.NextDouble() < 0.4;
        var attributes = new Dictionary<string, object?>
        {
            [CrmVocabulary.TaskTypeKey] = taskType,
            ["language"] = random.NextDouble() < 0.2 ? "es" : "en",
            ["customerName"] = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}",
            ["borrowerId"] = "BO-" + random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture),
            [CrmVocabulary.InteractionIdKey] = channel == "default" ? null : "IN-" + random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture),
        };
        if (hasCase)
        {
            attributes[CrmVocabulary.CaseIdKey] = "CS-" + random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture);
            attributes[CrmVocabulary.CaseTypeKey] = CrmVocabulary.CaseTypes[random.Next(CrmVocabulary.CaseTypes.Count)];
            if (workers.Count > 0 && random.NextDouble() < 0.5)
            {
                var owner = workers[random.Next(workers.Count)];
                attributes[CrmVocabulary.CaseOwnerIdKey] = owner.AttributesJson.TryGetProperty("userId", out var userId) ? userId.GetString() : null;
            }

            if (random.NextDouble() < 0.1)
            {
                attributes[CrmVocabulary.SupercaseIdKey] = "SC-" + random.Next(100, 999).ToString(CultureInfo.InvariantCulture);
            }
        }

        var json = JsonSerializer.Serialize(attributes.Where(a => a.Value is not null).ToDictionary());
        var priority = UrgentTypes.Contains(taskType) ? 50 : channel == "voice" ? 10 : 0;
        return new NewTask(json, Priority: priority, TaskChannel: channel, Timeout: channel == "voice" ? 900 : 86_400);
    }

    private static string Queue(TaskRouterEngine engine, string name, string targetWorkers) =>
        engine.CreateTaskQueue(new TaskQueueSettings(name, targetWorkers)).GetValueOrThrow().Sid;

    private static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(v => $"'{v}'")) + "]";
}
