using System.Text;
using System.Text.Json;

namespace TaskConsole.Core.Expressions;

/// <summary>
/// Turns a parsed expression into a tree of delegates that reads attribute JSON in place:
/// paths are pre-split into UTF-8 names and indexes, and comparisons against constants never allocate.
/// </summary>
internal static class ExpressionCompiler
{
    public delegate bool Predicate(in ExpressionContext context);

    private delegate Value Getter(in ExpressionContext context);

    private delegate bool ElementGetter(in ExpressionContext context, out JsonElement element);

    public static Predicate Compile(ExpressionNode node)
    {
        switch (node)
        {
            case LogicalNode logical:
                var left = Compile(logical.Left);
                var right = Compile(logical.Right);
                return logical.IsAnd
                    ? (in ExpressionContext c) => left(c) && right(c)
                    : (in ExpressionContext c) => left(c) || right(c);
            case ComparisonNode comparison:
                return CompileComparison(comparison);
            default:
                throw new ArgumentOutOfRangeException(nameof(node));
        }
    }

    private static Predicate CompileComparison(ComparisonNode node)
    {
        if (node.Left is PathOperand { Root: PathRoot.TaskAttributes or PathRoot.WorkerAttributes } path && node.Right is LiteralOperand literal)
        {
            var specialised = Specialise(CompileElement(path), node.Operator, literal.Value);
            if (specialised is not null)
            {
                return specialised;
            }
        }

        var getLeft = CompileGetter(node.Left);
        var getRight = CompileGetter(node.Right);
        var op = node.Operator;
        return (in ExpressionContext c) => Compare(getLeft(c), op, getRight(c));
    }

    private static Predicate? Specialise(ElementGetter resolve, ComparisonOperator op, object? constant)
    {
        switch (op, constant)
        {
            case (ComparisonOperator.Equal, string text):
                var utf8 = Encoding.UTF8.GetBytes(text);
                return (in ExpressionContext c) => resolve(c, out var e) && e.ValueKind == JsonValueKind.String && e.ValueEquals(utf8);
            case (ComparisonOperator.NotEqual, string text):
                var utf8Not = Encoding.UTF8.GetBytes(text);
                return (in ExpressionContext c) =>
                {
                    if (!resolve(c, out var e))
                    {
                        return true;
                    }

                    return e.ValueKind switch
                    {
                        JsonValueKind.String => !e.ValueEquals(utf8Not),
                        JsonValueKind.Array or JsonValueKind.Object => false,
                        _ => true,
                    };
                };
            case (ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.Less or ComparisonOperator.LessOrEqual
                or ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual, double number):
                return CompileNumeric(resolve, op, number);
            case (ComparisonOperator.Equal, bool flag):
                var kind = flag ? JsonValueKind.True : JsonValueKind.False;
                return (in ExpressionContext c) => resolve(c, out var e) && e.ValueKind == kind;
            case (ComparisonOperator.In or ComparisonOperator.NotIn, List<object?> items) when items.TrueForAll(i => i is string):
                var set = items.Select(i => Encoding.UTF8.GetBytes((string)i!)).ToArray();
                return CompileStringSet(resolve, set, op == ComparisonOperator.NotIn);
            case (ComparisonOperator.Has, string text):
                var needle = Encoding.UTF8.GetBytes(text);
                return (in ExpressionContext c) =>
                {
                    if (!resolve(c, out var e) || e.ValueKind != JsonValueKind.Array)
                    {
                        return false;
                    }

                    foreach (var item in e.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String && item.ValueEquals(needle))
                        {
                            return true;
                        }
                    }

                    return false;
                };
            default:
                return null;
        }
    }

    private static Predicate CompileNumeric(ElementGetter resolve, ComparisonOperator op, double number)
    {
        return (in ExpressionContext c) =>
        {
            if (!resolve(c, out var e))
            {
                return op == ComparisonOperator.NotEqual;
            }

            if (e.ValueKind != JsonValueKind.Number)
            {
                return op == ComparisonOperator.NotEqual && e.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object);
            }

            var value = e.GetDouble();
            return op switch
            {
                ComparisonOperator.Equal => value == number,
                ComparisonOperator.NotEqual => value != number,
                ComparisonOperator.Less => value < number,
                ComparisonOperator.LessOrEqual => value <= number,
                ComparisonOperator.Greater => value > number,
                _ => value >= number,
            };
        };
    }

    private static Predicate CompileStringSet(ElementGetter resolve, byte[][] set, bool negate)
    {
        return (in ExpressionContext c) =>
        {
            if (!resolve(c, out var e))
            {
                return negate;
            }

            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    foreach (var candidate in set)
                    {
                        if (e.ValueEquals(candidate))
                        {
                            return !negate;
                        }
                    }

                    return negate;
                case JsonValueKind.Array or JsonValueKind.Object:
                    return false;
                default:
                    return negate;
            }
        };
    }

    /// <summary>Resolves a JSON path; false when any step is missing or the value is JSON null.</summary>
    private static ElementGetter CompileElement(PathOperand path)
    {
        var steps = path.Segments.Select(s => s is string name ? new Step(Encoding.UTF8.GetBytes(name), -1) : new Step(null, (int)s)).ToArray();
        var fromTask = path.Root == PathRoot.TaskAttributes;
        return (in ExpressionContext c, out JsonElement element) =>
        {
            element = fromTask ? c.Task : c.Worker;
            foreach (var step in steps)
            {
                if (step.Name is { } name)
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                    {
                        return false;
                    }
                }
                else if (element.ValueKind != JsonValueKind.Array || step.Index >= element.GetArrayLength())
                {
                    return false;
                }
                else
                {
                    element = element[step.Index];
                }
            }

            return element.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
        };
    }

    private static Getter CompileGetter(Operand operand)
    {
        switch (operand)
        {
            case LiteralOperand literal:
                var constant = Value.FromLiteral(literal.Value);
                return (in ExpressionContext _) => constant;
            case PathOperand { Root: PathRoot.Time } time:
                return (string)time.Segments[0] switch
                {
                    "currentTime" => (in ExpressionContext c) => Value.OfNumber((c.Now.UtcDateTime.Hour * 100) + c.Now.UtcDateTime.Minute),
                    "currentHour" => (in ExpressionContext c) => Value.OfNumber(c.Now.UtcDateTime.Hour),
                    "currentMin" => (in ExpressionContext c) => Value.OfNumber(c.Now.UtcDateTime.Minute),
                    _ => (in ExpressionContext c) => Value.OfString(DayNames[(int)c.Now.UtcDateTime.DayOfWeek]),
                };
            case PathOperand { Root: PathRoot.WorkerCount } count:
                var key = (string)count.Segments[0];
                return (in ExpressionContext c) => c.WorkerCounts is { } counts && counts.TryGetValue(key, out var n) ? Value.OfNumber(n) : default;
            case PathOperand { Root: PathRoot.WorkerField } field:
                return (string)field.Segments[0] switch
                {
                    "sid" => (in ExpressionContext c) => c.WorkerFields is { } f ? Value.OfString(f.Sid) : default,
                    "friendly_name" => (in ExpressionContext c) => c.WorkerFields is { } f ? Value.OfString(f.FriendlyName) : default,
                    "activity_sid" => (in ExpressionContext c) => c.WorkerFields is { } f ? Value.OfString(f.ActivitySid) : default,
                    _ => (in ExpressionContext c) => c.WorkerFields is { } f ? Value.OfString(f.ActivityName) : default,
                };
            case PathOperand path:
                var resolve = CompileElement(path);
                return (in ExpressionContext c) => resolve(c, out var e) ? Value.FromElement(e) : default;
            default:
                throw new ArgumentOutOfRangeException(nameof(operand));
        }
    }

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private static bool Compare(Value left, ComparisonOperator op, Value right)
    {
        switch (op)
        {
            case ComparisonOperator.Equal:
                return left.IsScalar && right.IsScalar && ScalarEquals(left, right);
            case ComparisonOperator.NotEqual:
                return left.IsScalar && right.IsScalar && !ScalarEquals(left, right);
            case ComparisonOperator.Contains:
                return left.Kind == ValueKind.String && right.Kind == ValueKind.String
                    && left.GetString().Contains(right.GetString(), StringComparison.Ordinal);
            case ComparisonOperator.Has:
                return left.Kind == ValueKind.Array && right.IsScalar && ArrayContains(left, right);
            case ComparisonOperator.In:
                return left.IsScalar && right.Kind == ValueKind.Array && ArrayContains(right, left);
            case ComparisonOperator.NotIn:
                return left.IsScalar && right.Kind == ValueKind.Array && !ArrayContains(right, left);
            default:
                int order;
                if (left.Kind == ValueKind.Number && right.Kind == ValueKind.Number)
                {
                    if (double.IsNaN(left.Number) || double.IsNaN(right.Number))
                    {
                        return false;
                    }

                    order = left.Number.CompareTo(right.Number);
                }
                else if (left.Kind == ValueKind.String && right.Kind == ValueKind.String)
                {
                    order = string.CompareOrdinal(left.GetString(), right.GetString());
                }
                else
                {
                    return false;
                }

                return op switch
                {
                    ComparisonOperator.Less => order < 0,
                    ComparisonOperator.LessOrEqual => order <= 0,
                    ComparisonOperator.Greater => order > 0,
                    _ => order >= 0,
                };
        }
    }

    private static bool ArrayContains(Value array, Value scalar)
    {
        if (array.Items is { } items)
        {
            foreach (var item in items)
            {
                if (item.IsScalar && ScalarEquals(item, scalar))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var element in array.Element.EnumerateArray())
        {
            var item = Value.FromElement(element);
            if (item.IsScalar && ScalarEquals(item, scalar))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ScalarEquals(Value left, Value right)
    {
        if (left.Kind != right.Kind)
        {
            return false;
        }

        return left.Kind switch
        {
            ValueKind.Null => true,
            ValueKind.Bool => left.Bool == right.Bool,
            ValueKind.Number => left.Number == right.Number,
            _ => StringEquals(left, right),
        };
    }

    private static bool StringEquals(Value left, Value right)
    {
        if (left.Text is { } l)
        {
            return right.Text is { } r ? string.Equals(l, r, StringComparison.Ordinal) : right.Element.ValueEquals(l);
        }

        return right.Text is { } rt ? left.Element.ValueEquals(rt) : left.Element.ValueEquals(right.Element.GetString());
    }

    private readonly record struct Step(byte[]? Name, int Index);

    private enum ValueKind
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object,
    }

    private readonly struct Value
    {
        private Value(ValueKind kind, double number = 0, bool flag = false, string? text = null, JsonElement element = default, Value[]? items = null)
        {
            Kind = kind;
            Number = number;
            Bool = flag;
            Text = text;
            Element = element;
            Items = items;
        }

        public ValueKind Kind { get; }

        public double Number { get; }

        public bool Bool { get; }

        /// <summary>The string when it did not come from JSON; JSON strings stay in <see cref="Element"/> until needed.</summary>
        public string? Text { get; }

        public JsonElement Element { get; }

        public Value[]? Items { get; }

        public bool IsScalar => Kind is ValueKind.Null or ValueKind.Bool or ValueKind.Number or ValueKind.String;

        public string GetString() => Text ?? Element.GetString()!;

        public static Value OfNumber(double number) => new(ValueKind.Number, number);

        public static Value OfString(string text) => new(ValueKind.String, text: text);

        public static Value FromLiteral(object? literal) => literal switch
        {
            null => default,
            bool flag => new Value(ValueKind.Bool, flag: flag),
            double number => OfNumber(number),
            string text => OfString(text),
            List<object?> list => new Value(ValueKind.Array, items: list.Select(FromLiteral).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(literal)),
        };

        public static Value FromElement(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => new Value(ValueKind.String, element: element),
            JsonValueKind.Number => OfNumber(element.GetDouble()),
            JsonValueKind.True => new Value(ValueKind.Bool, flag: true),
            JsonValueKind.False => new Value(ValueKind.Bool, flag: false),
            JsonValueKind.Array => new Value(ValueKind.Array, element: element),
            JsonValueKind.Object => new Value(ValueKind.Object),
            _ => default,
        };
    }
}
