using TaskConsole.Core.Domain;

namespace TaskConsole.Core.Expressions;

public sealed class ExpressionConformanceTests
{
    private const string TaskJson = """
        {
          "type": "ticket", "customer_value": "Gold", "language": "en-CA", "key": 2, "skill_rating": 5.5,
          "condition_a": true, "condition_b": false, "priority_level": 0, "negative": -4,
          "object": { "param": "banana", "attr": "x", "array": ["a", "b", "c"] },
          "skills": ["support", "billing"], "languages": ["english", "spanish"],
          "to": "+18252547345", "isContactlessTask": false, "level": 3, "nothing": null,
          "nested": { "deep": { "value": 10, "list": [{ "id": 7 }] } }, "numbers": [1, 2, 3], "empty": [],
          "name": "O'Brien", "quote": "say \"hi\"", "mixed": [1, "1", true, null],
          "caseType": "bankruptcy", "taskType": "answerInboundVoiceCall", "caseId": "CS-1", "unicode": "Zoë",
          "flexOutboundDialerTargetWorker": "client:alice", "requested_agent": "alice", "upper": "GOLD"
        }
        """;

    private const string WorkerJson = """
        {
          "skills": ["support", "billing"], "languages": ["en", "es"], "level": 4, "team": "red",
          "contact_uri": "client:alice", "routing": { "levels": { "payments": 5 } }, "id": "agent-1",
          "channel": { "chat": { "assigned_tasks": 0 } }, "english_level": 3
        }
        """;

    private static readonly AttributeDocument Task = AttributeDocument.From(Attributes.Parse(TaskJson));
    private static readonly AttributeDocument Worker = AttributeDocument.From(Attributes.Parse(WorkerJson));
    private static readonly WorkerFields Fields = new("WK0123456789abcdef0123456789abcdef", "alice", "WA0123456789abcdef0123456789abcdef", "Available");

    // Tuesday 2026-11-24 14:05 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 5, 0, TimeSpan.Zero);

    public static TheoryData<string, bool> TaskCases => new()
    {
        // Constants and the documented examples.
        { "1 == 1", true },
        { "1==1", true },
        { "0 != 1", true },
        { "1 == 2", false },
        { "\"apple\" != \"orange\"", true },
        { "'apple' == 'apple'", true },
        { "'apple' == \"apple\"", true },
        { "key > 1", true },
        { "key > 2", false },
        { "key >= 2", true },
        { "key < 3", true },
        { "key <= 1", false },
        { "key = 2", true },
        { "key == 2.0", true },
        { "object.param != \"apple\"", true },
        { "object.param == \"banana\"", true },
        { "object.attr == 'x'", true },
        { "language IN [\"en\", \"es\"]", false },
        { "language IN [\"en-CA\", \"es\"]", true },
        { "customer_value IN ['Silver', 'Bronze'] AND type == 'ticket'", false },
        { "customer_value IN ['Gold', 'Bronze'] AND type == 'ticket'", true },
        { "customer_value == 'Gold' AND type == 'ticket'", true },
        { "(skills HAS 'support') AND (languages HAS 'english')", true },
        { "(skills HAS 'sales') AND (languages HAS 'english')", false },
        { "(condition_a == true) OR (condition_b == true)", true },
        { "(condition_a == false) OR (condition_b == true)", false },
        { "(language == \"en\" OR language == \"fr\") AND skill_rating >= 5.1", false },
        { "(language == \"en-CA\" OR language == \"fr\") AND skill_rating >= 5.1", true },
        { "(to IN ['+18252547345'] AND language CONTAINS \"en-CA\") OR isContactlessTask == true", true },
        { "(to IN ['+1999'] AND language CONTAINS \"en-CA\") OR isContactlessTask == true", false },
        { "object.array[0] == \"a\"", true },
        { "object.array[2] == \"c\"", true },
        { "object.array[3] == \"c\"", false },
        { "object.array[1] != \"a\"", true },
        { "nested.deep.value == 10", true },
        { "nested.deep.value > 9.5", true },
        { "nested.deep.list[0].id == 7", true },
        { "nested.deep.list[1].id == 7", false },

        // CONTAINS is a substring test on strings only.
        { "language CONTAINS 'en'", true },
        { "language CONTAINS 'CA'", true },
        { "language CONTAINS 'fr'", false },
        { "language CONTAINS ''", true },
        { "skills CONTAINS 'support'", false },
        { "key CONTAINS '2'", false },
        { "missing CONTAINS 'x'", false },
        { "unicode CONTAINS 'ë'", true },

        // HAS: the left array holds the right scalar.
        { "skills HAS 'billing'", true },
        { "skills HAS 'Billing'", false },
        { "skills HAS 'sales'", false },
        { "numbers HAS 2", true },
        { "numbers HAS 4", false },
        { "numbers HAS '2'", false },
        { "empty HAS 'x'", false },
        { "language HAS 'en-CA'", false },
        { "missing HAS 'x'", false },
        { "mixed HAS 1", true },
        { "mixed HAS '1'", true },
        { "mixed HAS true", true },
        { "mixed HAS null", true },
        { "skills >- 'billing'", true },
        { "skills HAS ['support']", false },

        // IN / NOT IN: the left scalar in the right array.
        { "type IN ['ticket', 'call']", true },
        { "type IN ['call']", false },
        { "type IN []", false },
        { "type NOT IN ['call']", true },
        { "type NOT IN ['ticket']", false },
        { "type NOT IN []", true },
        { "key IN [1, 2, 3]", true },
        { "key IN ['2']", false },
        { "key NOT IN [1, 3]", true },
        { "missing IN ['x']", false },
        { "missing NOT IN ['x']", true },
        { "missing IN [null]", true },
        { "skills IN ['support']", false },
        { "skills NOT IN ['support']", false },
        { "type <- ['ticket']", true },
        { "'support' IN skills", true },
        { "'sales' IN skills", false },
        { "'sales' NOT IN skills", true },
        { "2 IN numbers", true },
        { "type IN type", false },

        // Missing keys and null.
        { "missing == null", true },
        { "missing != null", false },
        { "nothing == null", true },
        { "nothing != null", false },
        { "type != null", true },
        { "type == null", false },
        { "missing == 'x'", false },
        { "missing != 'x'", true },
        { "missing == 1", false },
        { "missing != 1", true },
        { "missing > 1", false },
        { "missing < 1", false },
        { "missing.deeper.still == null", true },
        { "type.sub == null", true },
        { "skills[5] == null", true },
        { "object.array[0].x == null", true },
        { "null == null", true },

        // Type mismatches never match (and != is their negation only between scalars).
        { "key == '2'", false },
        { "key != '2'", true },
        { "condition_a == 'true'", false },
        { "condition_a == 1", false },
        { "type > 1", false },
        { "skills == 'support'", false },
        { "skills != 'support'", false },
        { "object == null", false },
        { "object != 'x'", false },
        { "skills > 1", false },
        { "numbers == [1, 2, 3]", false },

        // Booleans.
        { "condition_a == true", true },
        { "condition_a == TRUE", true },
        { "condition_b == false", true },
        { "condition_b != true", true },
        { "isContactlessTask = false", true },

        // Numbers.
        { "skill_rating > 5", true },
        { "skill_rating < 5.6", true },
        { "skill_rating == 5.5", true },
        { "negative < 0", true },
        { "negative == -4", true },
        { "negative > -5", true },
        { "priority_level == 0", true },
        { "level >= 3 AND level <= 3", true },
        { "key < 1e1", true },
        { "key == .2e1", true },

        // Strings compare by ordinal, case-sensitively.
        { "customer_value == 'gold'", false },
        { "upper == 'GOLD'", true },
        { "type > 'apple'", true },
        { "type < 'apple'", false },
        { "'b' > 'a'", true },
        { "name == \"O'Brien\"", true },
        { "name == 'O\\'Brien'", true },
        { "quote == 'say \"hi\"'", true },
        { "unicode == 'Zoë'", true },
        { "caseType == 'bankruptcy'", true },
        { "taskType == 'answerInboundVoiceCall'", true },
        { "caseId == 'CS-1'", true },

        // Keywords are case-insensitive; AND binds tighter than OR.
        { "type == 'ticket' and key == 2", true },
        { "type == 'ticket' And key == 3", false },
        { "type == 'call' or key == 2", true },
        { "type in ['ticket']", true },
        { "type not in ['ticket']", false },
        { "skills has 'support'", true },
        { "language contains 'en'", true },
        { "type == 'call' OR type == 'ticket' AND key == 3", false },
        { "type == 'ticket' OR type == 'call' AND key == 3", true },
        { "(type == 'ticket' OR type == 'call') AND key == 3", false },
        { "((((key == 2))))", true },
        { "(key == 2 AND (type == 'x' OR (level == 3 AND condition_a == true)))", true },
        { "key == 2 AND type == 'ticket' AND level == 3 AND condition_a == true", true },
        { "key == 1 OR key == 3 OR key == 2", true },
        { "key == 1 OR key == 3 OR key == 4", false },
        { "  key   ==   2  ", true },

        // Time of day (UTC): Tuesday 14:05.
        { "taskrouter.dayOfWeek == 'Tue'", true },
        { "taskrouter.dayOfWeek IN ['Mon', 'Tue']", true },
        { "taskrouter.currentTime == 1405", true },
        { "taskrouter.currentHour == 14", true },
        { "taskrouter.currentMin == 5", true },
        { "(taskrouter.dayOfWeek IN ['Mon','Tue'] AND taskrouter.currentTime > 800 AND taskrouter.currentTime < 1730) OR (taskrouter.dayOfWeek = 'Sat')", true },
        { "taskrouter.currentTime > 1730", false },
    };

    [Theory]
    [MemberData(nameof(TaskCases))]
    public void TaskScope_EvaluatesLikeTaskRouter(string text, bool expected)
    {
        var expression = TaskRouterExpression.Parse(text, ExpressionScope.Task);
        var context = ExpressionContext.ForTask(Task, Now);

        expression.Evaluate(context).ShouldBe(expected, text);
        expression.EvaluateReference(context).ShouldBe(expected, text);
    }

    public static TheoryData<string, bool> WorkerCases => new()
    {
        { "1==1", true },
        { "skills HAS 'support'", true },
        { "skills HAS 'sales'", false },
        { "languages HAS 'en' AND level >= 4", true },
        { "routing.levels.payments >= 4", true },
        { "routing.levels.payments >= 6", false },
        { "team == 'red'", true },
        { "team IN ['blue', 'green']", false },
        { "sid == 'WK0123456789abcdef0123456789abcdef'", true },
        { "friendly_name == 'alice'", true },
        { "activity_name == 'Available'", true },
        { "activity_sid != 'WA0'", true },
        { "channel.chat.assigned_tasks == 0", true },
    };

    [Theory]
    [MemberData(nameof(WorkerCases))]
    public void WorkerScope_ResolvesAttributesAndWorkerFields(string text, bool expected)
    {
        var expression = TaskRouterExpression.Parse(text, ExpressionScope.Worker);
        var context = ExpressionContext.ForWorker(Worker, Fields, Now);

        expression.Evaluate(context).ShouldBe(expected, text);
        expression.EvaluateReference(context).ShouldBe(expected, text);
    }

    public static TheoryData<string, bool> TargetCases => new()
    {
        { "task.flexOutboundDialerTargetWorker == worker.contact_uri", true },
        { "worker.contact_uri != task.flexOutboundDialerTargetWorker", false },
        { "worker.routing.levels.payments >= 4", true },
        { "worker.sid != task.ignoreAgent", true },
        { "task.requested_agent == worker.friendly_name", true },
        { "worker.activity_name in ['Generally Available', 'Available']", true },
        { "worker.activity_name in ['Generally Available', 'High Value Tasks']", false },
        { "worker.skills HAS task.skills[0]", true },
        { "task.skills[1] IN worker.skills", true },
        { "worker.level > task.level", true },
        { "worker.id IN task.preferred_agents", false },
        { "worker.channel.chat.assigned_tasks == 0 AND task.type == 'ticket'", true },
        { "worker.english_level >= task.key", true },
    };

    [Theory]
    [MemberData(nameof(TargetCases))]
    public void TargetScope_ComparesTaskWithWorker(string text, bool expected)
    {
        var expression = TaskRouterExpression.Parse(text, ExpressionScope.Target);
        var context = new ExpressionContext(Task, Worker, Fields, Now);

        expression.Evaluate(context).ShouldBe(expected, text);
        expression.EvaluateReference(context).ShouldBe(expected, text);
    }

    [Theory]
    [InlineData("workers.available == 0", 0, true)]
    [InlineData("workers.available == 0", 2, false)]
    [InlineData("workers.available > 1 OR workers.unavailable > 5", 2, true)]
    [InlineData("workers.WA0123456789abcdef0123456789abcdef >= 1", 2, true)]
    public void SkipIf_ReadsWorkerCounts(string text, int available, bool expected)
    {
        var counts = new Dictionary<string, int> { ["available"] = available, ["unavailable"] = 1, ["WA0123456789abcdef0123456789abcdef"] = 1 };
        var context = new ExpressionContext(null, null, null, Now, counts);

        TaskRouterExpression.Parse(text, ExpressionScope.SkipIf).Evaluate(context).ShouldBe(expected);
    }

    public static TheoryData<string, ExpressionScope, string, int> SyntaxErrors => new()
    {
        { "", ExpressionScope.Task, "expected an expression", 1 },
        { "   ", ExpressionScope.Task, "expected an expression", 1 },
        { "language IN ", ExpressionScope.Task, "expected a value after IN", 13 },
        { "language IN", ExpressionScope.Task, "expected a value after IN", 12 },
        { "type == 'ticket' AND language IN", ExpressionScope.Task, "expected a value after IN", 33 },
        { "language", ExpressionScope.Task, "expected an operator", 9 },
        { "language 'en'", ExpressionScope.Task, "expected an operator", 10 },
        { "== 'en'", ExpressionScope.Task, "expected a key or a value", 1 },
        { "type == ", ExpressionScope.Task, "expected a value after ==", 9 },
        { "type ==", ExpressionScope.Task, "expected a value after ==", 8 },
        { "type == 'ticket' AND", ExpressionScope.Task, "expected a condition after AND", 21 },
        { "type == 'ticket' OR", ExpressionScope.Task, "expected a condition after OR", 20 },
        { "AND type == 'x'", ExpressionScope.Task, "expected a key or a value", 1 },
        { "(type == 'ticket'", ExpressionScope.Task, "expected ')' to close the '(' at column 1", 18 },
        { "type == 'ticket')", ExpressionScope.Task, "unexpected ')'", 17 },
        { "()", ExpressionScope.Task, "expected a condition inside '('", 2 },
        { "type == 'ticket", ExpressionScope.Task, "unterminated string", 9 },
        { "type == \"ticket", ExpressionScope.Task, "unterminated string", 9 },
        { "type IN ['a', 'b'", ExpressionScope.Task, "expected ',' or ']'", 18 },
        { "type IN ['a' 'b']", ExpressionScope.Task, "expected ',' or ']'", 14 },
        { "type IN [a]", ExpressionScope.Task, "expected a string, number, true, false or null in the array", 10 },
        { "type IN [,]", ExpressionScope.Task, "expected a string, number, true, false or null in the array", 10 },
        { "skill-level > 3", ExpressionScope.Task, "keys cannot contain hyphens", 6 },
        { "type == 'a' && key == 1", ExpressionScope.Task, "'&&' is not TaskRouter syntax: use AND", 13 },
        { "type == 'a' || key == 1", ExpressionScope.Task, "'||' is not TaskRouter syntax: use OR", 13 },
        { "type NOT 'a'", ExpressionScope.Task, "expected IN after NOT", 10 },
        { "type NOT HAS 'a'", ExpressionScope.Task, "expected IN after NOT", 10 },
        { "type == 'a' key == 1", ExpressionScope.Task, "expected AND, OR or the end of the expression", 13 },
        { "type ! 'a'", ExpressionScope.Task, "unexpected character '!'", 6 },
        { "type == #", ExpressionScope.Task, "unexpected character '#'", 9 },
        { "type. == 1", ExpressionScope.Task, "expected a key name after '.'", 6 },
        { "items[x] == 1", ExpressionScope.Task, "expected an array index like [0]", 6 },
        { "items[] == 1", ExpressionScope.Task, "expected an array index like [0]", 6 },
        { "key == 12abc", ExpressionScope.Task, "in the number '12'", 10 },
        { "key==2AND type=='ticket'", ExpressionScope.Task, "unexpected character 'A' in the number '2'", 7 },
        { "key == 1.2.3", ExpressionScope.Task, "expected AND, OR or the end of the expression", 11 },
        { "taskrouter.currentDay == 1", ExpressionScope.Task, "unknown key 'taskrouter.currentDay'", 1 },
        { "type == 'ticket'", ExpressionScope.Target, "must start with task. or worker.", 1 },
        { "task.type == skills", ExpressionScope.Target, "key 'skills' must start with task. or worker.", 14 },
        { "available == 0", ExpressionScope.SkipIf, "is not allowed in skip_if", 1 },
        { "type == 'a' AND (key == 1 OR)", ExpressionScope.Task, "expected a condition after OR", 29 },
        { "key IN [1, 2", ExpressionScope.Task, "expected ',' or ']'", 13 },
        { "key == -", ExpressionScope.Task, "unexpected character '-'", 8 },
    };

    [Theory]
    [MemberData(nameof(SyntaxErrors))]
    public void SyntaxErrors_SayWhatWasExpectedAndWhere(string text, ExpressionScope scope, string message, int column)
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => TaskRouterExpression.Parse(text, scope));

        error.Message.ShouldContain(message);
        error.Column.ShouldBe(column, $"{text} → {error.Message}");
        error.Message.ShouldEndWith($"at column {column}");
    }

    [Fact]
    public void Parse_SameTextAndScope_ReturnsTheCachedCompilation()
    {
        var first = TaskRouterExpression.Parse("type == 'cached'", ExpressionScope.Task);

        TaskRouterExpression.Parse("type == 'cached'", ExpressionScope.Task).ShouldBeSameAs(first);
        TaskRouterExpression.Parse("type == 'cached'", ExpressionScope.Worker).ShouldNotBeSameAs(first);
    }

    [Fact]
    public void TryParse_InvalidText_ReturnsTheErrorInsteadOfThrowing()
    {
        TaskRouterExpression.TryParse("language IN", ExpressionScope.Task, out var expression, out var error).ShouldBeFalse();

        expression.ShouldBeNull();
        error!.Column.ShouldBe(12);
    }
}
