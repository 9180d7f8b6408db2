using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace TaskConsole.Core.Expressions;

/// <summary>
/// Turns a parsed expression into one compiled method over <see cref="AttributeDocument"/>: the whole AND/OR tree
/// becomes straight-line code with short-circuit branches, each key is resolved with one hashed probe (the path and
/// its hash are constants of the method), and nothing is allocated while evaluating.
/// </summary>
internal static class ExpressionCompiler
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public delegate bool Predicate(in ExpressionContext context);

    public static Predicate Compile(ExpressionNode node)
    {
        var context = Expression.Parameter(typeof(ExpressionContext).MakeByRefType(), "context");
        return Expression.Lambda<Predicate>(Build(node, context), context).Compile();
    }

    private static Expression Build(ExpressionNode node, ParameterExpression context) => node switch
    {
        LogicalNode { IsAnd: true } and => Expression.AndAlso(Build(and.Left, context), Build(and.Right, context)),
        LogicalNode or => Expression.OrElse(Build(or.Left, context), Build(or.Right, context)),
        ComparisonNode comparison => BuildComparison(comparison, context),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static Expression BuildComparison(ComparisonNode node, ParameterExpression context)
    {
        if (node.Right is LiteralOperand { Value: var constant }
            && node.Left is PathOperand { Root: PathRoot.TaskAttributes or PathRoot.WorkerAttributes } path
            && path.Segments.All(s => s is string)
            && Specialise(path, node.Operator, constant, context) is { } specialised)
        {
            return specialised;
        }

        return Expression.Call(
            Helper(nameof(Compare)), BuildValue(node.Left, context), Expression.Constant(node.Operator), BuildValue(node.Right, context));
    }

    /// <summary>The common shapes (a key against a constant) as one call that reads the document directly.</summary>
    private static Expression? Specialise(PathOperand path, ComparisonOperator op, object? constant, ParameterExpression context)
    {
        var key = ExpressionStrings.Register(string.Join('.', path.Segments.Cast<string>()));
        var document = Document(path, context);
        var keyAndHash = new Expression[] { document, Expression.Constant(key), Expression.Constant(AttributeDocument.HashPath(key)) };
        return (op, constant) switch
        {
            (ComparisonOperator.Equal, string text) => Expression.Call(Helper(nameof(IsString)), [.. keyAndHash, Expression.Constant(ExpressionStrings.Register(text))]),
            (ComparisonOperator.Has, string needle) => Expression.Call(Helper(nameof(HasString)), [.. keyAndHash, Expression.Constant(ExpressionStrings.Register(needle))]),
            (ComparisonOperator.In, List<object?> items) when items.TrueForAll(i => i is string) =>
                Expression.Call(Helper(nameof(IsOneOf)), [.. keyAndHash, Expression.Constant(items.Cast<string>().Select(ExpressionStrings.Register).ToArray())]),
            (ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual or ComparisonOperator.Less or ComparisonOperator.LessOrEqual, double number) =>
                Expression.Call(Helper(nameof(IsNumber)), [.. keyAndHash, Expression.Constant(op), Expression.Constant(number)]),
            _ => null,
        };
    }

    /// <summary>An expression of type <see cref="AttributeValue"/> for one side of a comparison.</summary>
    private static Expression BuildValue(Operand operand, ParameterExpression context)
    {
        switch (operand)
        {
            case LiteralOperand literal:
                return Expression.Constant(AttributeValue.FromLiteral(literal.Value));
            case PathOperand { Root: PathRoot.Time } time:
                return Expression.Call(Helper(nameof(TimeValue)), Expression.Property(context, nameof(ExpressionContext.Now)), Expression.Constant((string)time.Segments[0]));
            case PathOperand { Root: PathRoot.WorkerCount } count:
                return Expression.Call(
                    Helper(nameof(WorkerCount)), Expression.Property(context, nameof(ExpressionContext.WorkerCounts)), Expression.Constant((string)count.Segments[0]));
            case PathOperand { Root: PathRoot.WorkerField } field:
                return Expression.Call(
                    Helper(nameof(WorkerField)), Expression.Property(context, nameof(ExpressionContext.WorkerFields)), Expression.Constant((string)field.Segments[0]));
            case PathOperand path:
                // The names before the first index are one flattened path; what follows an index walks the value.
                var names = path.Segments.TakeWhile(s => s is string).Cast<string>().ToArray();
                var prefix = ExpressionStrings.Register(string.Join('.', names));
                var value = Expression.Call(Helper(nameof(Value)), Document(path, context), Expression.Constant(prefix), Expression.Constant(AttributeDocument.HashPath(prefix)));
                var rest = path.Segments.Skip(names.Length).ToArray();
                return rest.Length == 0 ? value : Expression.Call(Helper(nameof(Walk)), value, Expression.Constant(rest));
            default:
                throw new ArgumentOutOfRangeException(nameof(operand));
        }
    }

    private static MemberExpression Document(PathOperand path, ParameterExpression context) =>
        Expression.Property(context, path.Root == PathRoot.TaskAttributes ? nameof(ExpressionContext.Task) : nameof(ExpressionContext.Worker));

    private static MethodInfo Helper(string name) => typeof(ExpressionCompiler).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsString(AttributeDocument document, string key, int hash, string text)
    {
        ref readonly var value = ref document.Get(key, hash);
        return value.Kind == AttributeKind.String && string.Equals(value.Text, text, StringComparison.Ordinal);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasString(AttributeDocument document, string key, int hash, string needle)
    {
        ref readonly var value = ref document.Get(key, hash);
        if (value.Kind != AttributeKind.Array)
        {
            return false;
        }

        foreach (var item in value.Items!)
        {
            if (item.Kind == AttributeKind.String && string.Equals(item.Text, needle, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsOneOf(AttributeDocument document, string key, int hash, string[] set)
    {
        ref readonly var value = ref document.Get(key, hash);
        if (value.Kind != AttributeKind.String)
        {
            return false;
        }

        foreach (var candidate in set)
        {
            if (string.Equals(value.Text, candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNumber(AttributeDocument document, string key, int hash, ComparisonOperator op, double number)
    {
        ref readonly var value = ref document.Get(key, hash);
        return value.Kind == AttributeKind.Number && CompareNumbers(value.Number, op, number);
    }

    private static AttributeValue Value(AttributeDocument document, string key, int hash) => document.Get(key, hash);

    private static AttributeValue Walk(AttributeValue value, object[] steps)
    {
        foreach (var step in steps)
        {
            if (step is int index)
            {
                if (value.Kind != AttributeKind.Array || index >= value.Items!.Length)
                {
                    return default;
                }

                value = value.Items[index];
            }
            else if (value.Kind != AttributeKind.Object || !value.Fields!.TryGetValue((string)step, out value))
            {
                return default;
            }
        }

        return value;
    }

    private static AttributeValue TimeValue(DateTimeOffset now, string name)
    {
        var utc = now.UtcDateTime;
        return name switch
        {
            "currentTime" => AttributeValue.OfNumber((utc.Hour * 100) + utc.Minute),
            "currentHour" => AttributeValue.OfNumber(utc.Hour),
            "currentMin" => AttributeValue.OfNumber(utc.Minute),
            _ => AttributeValue.OfString(DayNames[(int)utc.DayOfWeek]),
        };
    }

    private static AttributeValue WorkerCount(IReadOnlyDictionary<string, int>? counts, string key) =>
        counts is not null && counts.TryGetValue(key, out var n) ? AttributeValue.OfNumber(n) : default;

    private static AttributeValue WorkerField(WorkerFields? fields, string name) => fields is null
        ? default
        : AttributeValue.OfString(name switch
        {
            "sid" => fields.Sid,
            "friendly_name" => fields.FriendlyName,
            "activity_sid" => fields.ActivitySid,
            _ => fields.ActivityName,
        });

    private static bool Compare(AttributeValue left, ComparisonOperator op, AttributeValue right)
    {
        switch (op)
        {
            case ComparisonOperator.Equal:
                return left.IsScalar && right.IsScalar && ScalarEquals(left, right);
            case ComparisonOperator.NotEqual:
                return left.IsScalar && right.IsScalar && !ScalarEquals(left, right);
            case ComparisonOperator.Contains:
                return left.Kind == AttributeKind.String && right.Kind == AttributeKind.String && left.Text!.Contains(right.Text!, StringComparison.Ordinal);
            case ComparisonOperator.Has:
                return left.Kind == AttributeKind.Array && right.IsScalar && ArrayContains(left.Items!, right);
            case ComparisonOperator.In:
                return left.IsScalar && right.Kind == AttributeKind.Array && ArrayContains(right.Items!, left);
            case ComparisonOperator.NotIn:
                return left.IsScalar && right.Kind == AttributeKind.Array && !ArrayContains(right.Items!, left);
            default:
                if (left.Kind == AttributeKind.Number && right.Kind == AttributeKind.Number)
                {
                    return CompareNumbers(left.Number, op, right.Number);
                }

                if (left.Kind == AttributeKind.String && right.Kind == AttributeKind.String)
                {
                    var order = string.CompareOrdinal(left.Text, right.Text);
                    return op switch
                    {
                        ComparisonOperator.Less => order < 0,
                        ComparisonOperator.LessOrEqual => order <= 0,
                        ComparisonOperator.Greater => order > 0,
                        _ => order >= 0,
                    };
                }

                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CompareNumbers(double left, ComparisonOperator op, double right) => op switch
    {
        ComparisonOperator.Less => left < right,
        ComparisonOperator.LessOrEqual => left <= right,
        ComparisonOperator.Greater => left > right,
        _ => left >= right,
    };

    private static bool ArrayContains(AttributeValue[] items, AttributeValue scalar)
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

    private static bool ScalarEquals(AttributeValue left, AttributeValue right)
    {
        if (left.IsNull || right.IsNull)
        {
            return left.IsNull && right.IsNull;
        }

        return left.Kind == right.Kind && left.Kind switch
        {
            AttributeKind.String => string.Equals(left.Text, right.Text, StringComparison.Ordinal),
            _ => left.Number == right.Number,
        };
    }
}
