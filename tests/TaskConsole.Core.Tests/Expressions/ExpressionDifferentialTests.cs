using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaskConsole.Core.Expressions;

/// <summary>Holds the compiled evaluator to the reference one on generated expressions and documents.</summary>
public sealed class ExpressionDifferentialTests
{
    private static readonly string[] Keys = ["a", "b", "c", "n", "s", "arr", "obj.x", "obj.arr[0]", "arr[1]", "missing", "obj.deep.v", "list[0].x", "list[1].x.y", "obj.deep"];
    private static readonly string[] Operators = ["==", "=", "!=", "<", "<=", ">", ">=", "CONTAINS", "HAS", "IN", "NOT IN", ">-", "<-"];
    private static readonly string[] Strings = ["x", "y", "xy", "", "X", "1", "true"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void CompiledAndReference_AgreeOnGeneratedInputs(int seed)
    {
        var random = new Random(seed);
        var documents = Enumerable.Range(0, 40).Select(_ => RandomDocument(random)).ToArray();
        var now = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
        var compared = 0;
        for (var i = 0; i < 1_500; i++)
        {
            var text = RandomExpression(random, depth: 0);
            var expression = TaskRouterExpression.Parse(text, ExpressionScope.Task);
            foreach (var document in documents)
            {
                var context = ExpressionContext.ForTask(AttributeDocument.From(document), now);
                var expected = expression.EvaluateReference(context);
                var actual = expression.Evaluate(context);
                if (actual != expected)
                {
                    Assert.Fail($"'{text}' on {document.GetRawText()}: compiled {actual}, reference {expected}");
                }

                compared++;
            }
        }

        compared.ShouldBe(60_000);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Parser_OnRandomInput_ThrowsOnlyItsSyntaxError(int seed)
    {
        var random = new Random(seed);
        string[] pieces = ["a", "b.c", "[", "]", "(", ")", ",", "'x'", "\"y", "1", "-2.5", "==", "=", "!", "!=", "<", ">-", "<-", "AND", "or", "NOT", "IN", "HAS", "CONTAINS", "true", "null", " ", "  ", "&&", "|", "#", ".", "e", "x[0]", "x[", "\\", "'"];
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 12);
            for (var j = 0; j < length; j++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
                if (random.Next(3) == 0)
                {
                    builder.Append(' ');
                }
            }

            var text = builder.ToString();
            try
            {
                TaskRouterExpression.Parse(text, (ExpressionScope)random.Next(4));
                parsed++;
            }
            catch (ExpressionSyntaxException e)
            {
                e.Column.ShouldBeInRange(1, text.Length + 1);
            }
        }

        parsed.ShouldBeGreaterThan(0);
    }

    private static string RandomExpression(Random random, int depth)
    {
        if (depth < 3 && random.Next(3) == 0)
        {
            var joiner = random.Next(2) == 0 ? " AND " : " or ";
            var inner = RandomExpression(random, depth + 1) + joiner + RandomExpression(random, depth + 1);
            return random.Next(2) == 0 ? "(" + inner + ")" : inner;
        }

        var op = Operators[random.Next(Operators.Length)];
        var left = random.Next(5) == 0 ? RandomLiteral(random, allowArray: false) : Keys[random.Next(Keys.Length)];
        var right = random.Next(4) == 0 ? Keys[random.Next(Keys.Length)] : RandomLiteral(random, allowArray: op is "IN" or "NOT IN" or "<-" || random.Next(6) == 0);
        return $"{left} {op} {right}";
    }

    private static string RandomLiteral(Random random, bool allowArray)
    {
        if (allowArray && random.Next(2) == 0)
        {
            var count = random.Next(0, 4);
            return "[" + string.Join(", ", Enumerable.Range(0, count).Select(_ => RandomLiteral(random, allowArray: false))) + "]";
        }

        return random.Next(6) switch
        {
            0 => "'" + Strings[random.Next(Strings.Length)] + "'",
            1 => "\"" + Strings[random.Next(Strings.Length)] + "\"",
            2 => random.Next(-3, 4).ToString(CultureInfo.InvariantCulture),
            3 => (random.Next(-30, 30) / 10.0).ToString(CultureInfo.InvariantCulture),
            4 => random.Next(2) == 0 ? "true" : "false",
            _ => "null",
        };
    }

    private static JsonElement RandomDocument(Random random)
    {
        var document = new JsonObject();
        foreach (var key in new[] { "a", "b", "c", "n", "s", "arr" })
        {
            if (random.Next(5) != 0)
            {
                document[key] = RandomValue(random, allowNesting: true);
            }
        }

        document["obj"] = new JsonObject
        {
            ["x"] = RandomValue(random, allowNesting: false),
            ["arr"] = new JsonArray(RandomValue(random, allowNesting: false), RandomValue(random, allowNesting: false)),
            ["deep"] = new JsonObject { ["v"] = RandomValue(random, allowNesting: false) },
        };
        if (random.Next(2) == 0)
        {
            document["list"] = new JsonArray(
                new JsonObject { ["x"] = RandomValue(random, allowNesting: false) },
                new JsonObject { ["x"] = new JsonObject { ["y"] = RandomValue(random, allowNesting: false) } });
        }

        return JsonDocument.Parse(document.ToJsonString()).RootElement.Clone();
    }

    private static JsonNode? RandomValue(Random random, bool allowNesting)
    {
        return random.Next(allowNesting ? 7 : 5) switch
        {
            0 => JsonValue.Create(Strings[random.Next(Strings.Length)]),
            1 => JsonValue.Create(random.Next(-3, 4)),
            2 => JsonValue.Create(random.Next(-30, 30) / 10.0),
            3 => JsonValue.Create(random.Next(2) == 0),
            4 => null,
            5 => new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, allowNesting: false)).ToArray()),
            _ => new JsonObject { ["x"] = RandomValue(random, allowNesting: false) },
        };
    }
}
