using System.Text.Json;

namespace TaskConsole.Core.Expressions;

/// <summary>
/// The plain tree-walking evaluator: the executable definition of the semantics, kept simple on purpose
/// so differential tests can hold the compiled evaluator to it.
/// Values are null, bool, double, string, <see cref="List{T}"/> (arrays) or <see cref="JsonObjectValue"/>.
/// </summary>
internal static class ReferenceEvaluator
{
    public static bool Evaluate(ExpressionNode node, in ExpressionContext context) => node switch
    {
        LogicalNode { IsAnd: true } and => Evaluate(and.Left, context) && Evaluate(and.Right, context),
        LogicalNode or => Evaluate(or.Left, context) || Evaluate(or.Right, context),
        ComparisonNode comparison => Compare(Resolve(comparison.Left, context), comparison.Operator, Resolve(comparison.Right, context)),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    public static bool Compare(object? left, ComparisonOperator op, object? right)
    {
        switch (op)
        {
            case ComparisonOperator.Equal:
                return IsScalar(left) && IsScalar(right) && ScalarEquals(left, right);
            case ComparisonOperator.NotEqual:
                return IsScalar(left) && IsScalar(right) && !ScalarEquals(left, right);
            case ComparisonOperator.Less:
            case ComparisonOperator.LessOrEqual:
            case ComparisonOperator.Greater:
            case ComparisonOperator.GreaterOrEqual:
                int order;
                if (left is double l && right is double r)
                {
                    if (double.IsNaN(l) || double.IsNaN(r))
                    {
                        return false;
                    }

                    order = l.CompareTo(r);
                }
                else if (left is string ls && right is string rs)
                {
                    order = string.CompareOrdinal(ls, rs);
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
            case ComparisonOperator.Contains:
                return left is string haystack && right is string needle && haystack.Contains(needle, StringComparison.Ordinal);
            case ComparisonOperator.Has:
                return left is List<object?> items && IsScalar(right) && items.Exists(item => IsScalar(item) && ScalarEquals(item, right));
            case ComparisonOperator.In:
                return IsScalar(left) && right is List<object?> set && set.Exists(item => IsScalar(item) && ScalarEquals(item, left));
            case ComparisonOperator.NotIn:
                return IsScalar(left) && right is List<object?> excluded && !excluded.Exists(item => IsScalar(item) && ScalarEquals(item, left));
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    private static bool IsScalar(object? value) => value is null or bool or double or string;

    private static bool ScalarEquals(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (double l, double r) => l == r,
        (string l, string r) => string.Equals(l, r, StringComparison.Ordinal),
        (bool l, bool r) => l == r,
        _ => false,
    };

    private static object? Resolve(Operand operand, in ExpressionContext context)
    {
        if (operand is LiteralOperand literal)
        {
            return literal.Value is List<object?> list ? new List<object?>(list) : literal.Value;
        }

        var path = (PathOperand)operand;
        switch (path.Root)
        {
            case PathRoot.Time:
                var utc = context.Now.UtcDateTime;
                return (string)path.Segments[0] switch
                {
                    "currentTime" => (double)((utc.Hour * 100) + utc.Minute),
                    "currentHour" => (double)utc.Hour,
                    "currentMin" => (double)utc.Minute,
                    _ => utc.DayOfWeek.ToString()[..3],
                };
            case PathRoot.WorkerCount:
                var key = (string)path.Segments[0];
                return context.WorkerCounts is { } counts && counts.TryGetValue(key, out var count) ? (double)count : null;
            case PathRoot.WorkerField:
                var fields = context.WorkerFields;
                if (fields is null)
                {
                    return null;
                }

                return (string)path.Segments[0] switch
                {
                    "sid" => fields.Sid,
                    "friendly_name" => fields.FriendlyName,
                    "activity_sid" => fields.ActivitySid,
                    _ => fields.ActivityName,
                };
            default:
                var element = path.Root == PathRoot.TaskAttributes ? context.Task.Json : context.Worker.Json;
                foreach (var segment in path.Segments)
                {
                    if (segment is string name)
                    {
                        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                        {
                            return null;
                        }
                    }
                    else
                    {
                        var index = (int)segment;
                        if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                        {
                            return null;
                        }

                        element = element[index];
                    }
                }

                return ToValue(element);
        }
    }

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.Object => JsonObjectValue.Instance,
        _ => null,
    };

    /// <summary>A JSON object found at a path: never equal or comparable to anything.</summary>
    internal sealed class JsonObjectValue
    {
        public static readonly JsonObjectValue Instance = new();

        public override string ToString() => "{object}";
    }
}
