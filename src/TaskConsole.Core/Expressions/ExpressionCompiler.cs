namespace TaskConsole.Core.Expressions;

/// <summary>
/// Turns a parsed expression into a tree of delegates over <see cref="AttributeDocument"/>: each key is resolved
/// with one hashed probe (the path and its hash are computed here, once), and nothing is allocated while evaluating.
/// </summary>
internal static class ExpressionCompiler
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public delegate bool Predicate(in ExpressionContext context);

    private delegate AttributeValue Getter(in ExpressionContext context);

    public static Predicate Compile(ExpressionNode node)
    {
        switch (node)
        {
            case LogicalNode logical:
                // A chain of ANDs (or ORs) becomes one loop over its parts instead of nested calls.
                var parts = Flatten(logical, logical.IsAnd).Select(Compile).ToArray();
                return logical.IsAnd
                    ? (in ExpressionContext c) =>
                    {
                        foreach (var part in parts)
                        {
                            if (!part(c))
                            {
                                return false;
                            }
                        }

                        return true;
                    }
                    : (in ExpressionContext c) =>
                    {
                        foreach (var part in parts)
                        {
                            if (part(c))
                            {
                                return true;
                            }
                        }

                        return false;
                    };
            case ComparisonNode comparison:
                return CompileComparison(comparison);
            default:
                throw new ArgumentOutOfRangeException(nameof(node));
        }
    }

    private static IEnumerable<ExpressionNode> Flatten(ExpressionNode node, bool isAnd) => node is LogicalNode logical && logical.IsAnd == isAnd
        ? Flatten(logical.Left, isAnd).Concat(Flatten(logical.Right, isAnd))
        : [node];

    private static Predicate CompileComparison(ComparisonNode node)
    {
        if (node.Right is LiteralOperand { Value: var constant }
            && node.Left is PathOperand { Root: PathRoot.TaskAttributes or PathRoot.WorkerAttributes } path
            && path.Segments.All(s => s is string)
            && Specialise(path, node.Operator, constant) is { } specialised)
        {
            return specialised;
        }

        var getLeft = CompileGetter(node.Left);
        var getRight = CompileGetter(node.Right);
        var comparison = node.Operator;
        return (in ExpressionContext c) => Compare(getLeft(c), comparison, getRight(c));
    }

    /// <summary>The common shapes (a key against a constant) as single closures that read the document directly.</summary>
    private static Predicate? Specialise(PathOperand path, ComparisonOperator op, object? constant)
    {
        var key = string.Join('.', path.Segments.Cast<string>());
        var hash = AttributeDocument.HashPath(key);
        var fromTask = path.Root == PathRoot.TaskAttributes;
        switch (op, constant)
        {
            case (ComparisonOperator.Equal, string text):
                return fromTask
                    ? (in ExpressionContext c) => IsString(in c.Task.Get(key, hash), text)
                    : (in ExpressionContext c) => IsString(in c.Worker.Get(key, hash), text);
            case (ComparisonOperator.Has, string needle):
                return fromTask
                    ? (in ExpressionContext c) => HasString(in c.Task.Get(key, hash), needle)
                    : (in ExpressionContext c) => HasString(in c.Worker.Get(key, hash), needle);
            case (ComparisonOperator.In, List<object?> items) when items.TrueForAll(i => i is string):
                var set = items.Cast<string>().ToArray();
                return fromTask
                    ? (in ExpressionContext c) => IsOneOf(in c.Task.Get(key, hash), set)
                    : (in ExpressionContext c) => IsOneOf(in c.Worker.Get(key, hash), set);
            case (ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual or ComparisonOperator.Less or ComparisonOperator.LessOrEqual, double number):
                return fromTask
                    ? (in ExpressionContext c) => IsNumber(in c.Task.Get(key, hash), op, number)
                    : (in ExpressionContext c) => IsNumber(in c.Worker.Get(key, hash), op, number);
            default:
                return null;
        }
    }

    private static Getter CompileGetter(Operand operand)
    {
        switch (operand)
        {
            case LiteralOperand literal:
                var constant = AttributeValue.FromLiteral(literal.Value);
                return (in ExpressionContext _) => constant;
            case PathOperand { Root: PathRoot.Time } time:
                return (string)time.Segments[0] switch
                {
                    "currentTime" => (in ExpressionContext c) => AttributeValue.OfNumber((c.Now.UtcDateTime.Hour * 100) + c.Now.UtcDateTime.Minute),
                    "currentHour" => (in ExpressionContext c) => AttributeValue.OfNumber(c.Now.UtcDateTime.Hour),
                    "currentMin" => (in ExpressionContext c) => AttributeValue.OfNumber(c.Now.UtcDateTime.Minute),
                    _ => (in ExpressionContext c) => AttributeValue.OfString(DayNames[(int)c.Now.UtcDateTime.DayOfWeek]),
                };
            case PathOperand { Root: PathRoot.WorkerCount } count:
                var key = (string)count.Segments[0];
                return (in ExpressionContext c) => c.WorkerCounts is { } counts && counts.TryGetValue(key, out var n) ? AttributeValue.OfNumber(n) : default;
            case PathOperand { Root: PathRoot.WorkerField } field:
                return (string)field.Segments[0] switch
                {
                    "sid" => (in ExpressionContext c) => c.WorkerFields is { } f ? AttributeValue.OfString(f.Sid) : default,
                    "friendly_name" => (in ExpressionContext c) => c.WorkerFields is { } f ? AttributeValue.OfString(f.FriendlyName) : default,
                    "activity_sid" => (in ExpressionContext c) => c.WorkerFields is { } f ? AttributeValue.OfString(f.ActivitySid) : default,
                    _ => (in ExpressionContext c) => c.WorkerFields is { } f ? AttributeValue.OfString(f.ActivityName) : default,
                };
            case PathOperand path:
                return CompilePath(path);
            default:
                throw new ArgumentOutOfRangeException(nameof(operand));
        }
    }

    /// <summary>The names before the first index are one flattened path; what follows an index walks the value.</summary>
    private static Getter CompilePath(PathOperand path)
    {
        var names = path.Segments.TakeWhile(s => s is string).Cast<string>().ToArray();
        var prefix = string.Join('.', names);
        var hash = AttributeDocument.HashPath(prefix);
        var rest = path.Segments.Skip(names.Length).ToArray();
        var fromTask = path.Root == PathRoot.TaskAttributes;
        if (rest.Length == 0)
        {
            return fromTask
                ? (in ExpressionContext c) => c.Task.Get(prefix, hash)
                : (in ExpressionContext c) => c.Worker.Get(prefix, hash);
        }

        return (in ExpressionContext c) =>
        {
            var value = (fromTask ? c.Task : c.Worker).Get(prefix, hash);
            foreach (var step in rest)
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
        };
    }

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

    private static bool IsString(in AttributeValue value, string text) => value.Kind == AttributeKind.String && string.Equals(value.Text, text, StringComparison.Ordinal);

    private static bool HasString(in AttributeValue value, string needle) => value.Kind == AttributeKind.Array && ContainsString(value.Items!, needle);

    private static bool IsOneOf(in AttributeValue value, string[] set)
    {
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

    private static bool IsNumber(in AttributeValue value, ComparisonOperator op, double number) => value.Kind == AttributeKind.Number && CompareNumbers(value.Number, op, number);

    private static bool CompareNumbers(double left, ComparisonOperator op, double right) => op switch
    {
        ComparisonOperator.Less => left < right,
        ComparisonOperator.LessOrEqual => left <= right,
        ComparisonOperator.Greater => left > right,
        _ => left >= right,
    };

    private static bool ContainsString(AttributeValue[] items, string needle)
    {
        foreach (var item in items)
        {
            if (item.Kind == AttributeKind.String && string.Equals(item.Text, needle, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

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
