using System.Text.Json;
using TaskConsole.Core.Domain;
using TaskConsole.Core.Expressions;

namespace TaskConsole.Core.Embedded;

/// <summary>A workflow target: the queue a task waits in, and the rules of that step.</summary>
public sealed record WorkflowTarget(
    string QueueSid,
    TaskRouterExpression? Expression,
    int? Priority,
    int? Timeout,
    IReadOnlyList<OrderByClause> OrderBy,
    TaskRouterExpression? SkipIf,
    string? KnownWorkerSidPath,
    string? KnownWorkerFriendlyNamePath);

/// <summary>One <c>order_by</c> clause: a worker attribute path and its direction.</summary>
public sealed record OrderByClause(IReadOnlyList<string> Path, bool Descending);

public sealed record WorkflowFilter(string FriendlyName, TaskRouterExpression Expression, IReadOnlyList<WorkflowTarget> Targets);

/// <summary>Twilio's workflow configuration document, validated and with every expression compiled.</summary>
public sealed record WorkflowConfiguration(IReadOnlyList<WorkflowFilter> Filters, IReadOnlyList<WorkflowTarget> DefaultTargets)
{
    public const int MaxLength = 1_038_576;

    /// <summary>The targets of a filter, or of the default filter when <paramref name="filterIndex"/> is null.</summary>
    public IReadOnlyList<WorkflowTarget> TargetsOf(int? filterIndex) => filterIndex is { } i ? Filters[i].Targets : DefaultTargets;

    /// <summary>Parses the configuration; on failure the message names the JSON location.</summary>
    public static WorkflowConfiguration Parse(string json, Func<string, bool> queueExists)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxLength)
        {
            throw new WorkflowConfigurationException($"configuration must be at most {MaxLength} bytes");
        }

        JsonElement root;
        try
        {
            root = Attributes.Parse(json);
        }
        catch (JsonException e)
        {
            throw new WorkflowConfigurationException($"configuration is not valid JSON ({e.Message})");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("task_routing", out var routing) || routing.ValueKind != JsonValueKind.Object)
        {
            throw new WorkflowConfigurationException("configuration must be an object with a task_routing object");
        }

        var filters = new List<WorkflowFilter>();
        if (routing.TryGetProperty("filters", out var filterArray))
        {
            if (filterArray.ValueKind != JsonValueKind.Array)
            {
                throw new WorkflowConfigurationException("task_routing.filters must be an array");
            }

            var index = 0;
            foreach (var filter in filterArray.EnumerateArray())
            {
                var where = $"task_routing.filters[{index}]";
                var name = OptionalString(filter, "filter_friendly_name", where) ?? $"Filter {index + 1}";
                var expressionText = OptionalString(filter, "expression", where) ?? throw new WorkflowConfigurationException($"{where}.expression is required");
                var expression = Compile(expressionText, ExpressionScope.Task, $"{where}.expression");
                if (!filter.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array || targets.GetArrayLength() == 0)
                {
                    throw new WorkflowConfigurationException($"{where}.targets must be a non-empty array");
                }

                filters.Add(new WorkflowFilter(name, expression, ParseTargets(targets, $"{where}.targets", queueExists)));
                index++;
            }
        }

        IReadOnlyList<WorkflowTarget> defaults = [];
        if (routing.TryGetProperty("default_filter", out var defaultFilter) && defaultFilter.ValueKind != JsonValueKind.Null)
        {
            defaults = [ParseTarget(defaultFilter, "task_routing.default_filter", queueExists)];
        }

        return new WorkflowConfiguration(filters, defaults);
    }

    private static List<WorkflowTarget> ParseTargets(JsonElement targets, string where, Func<string, bool> queueExists)
    {
        var list = new List<WorkflowTarget>();
        var index = 0;
        foreach (var target in targets.EnumerateArray())
        {
            list.Add(ParseTarget(target, $"{where}[{index}]", queueExists));
            index++;
        }

        return list;
    }

    private static WorkflowTarget ParseTarget(JsonElement target, string where, Func<string, bool> queueExists)
    {
        if (target.ValueKind != JsonValueKind.Object)
        {
            throw new WorkflowConfigurationException($"{where} must be an object");
        }

        var queue = OptionalString(target, "queue", where) ?? throw new WorkflowConfigurationException($"{where}.queue is required");
        if (!queueExists(queue))
        {
            throw new WorkflowConfigurationException($"{where}.queue '{queue}' is not a task queue of this workspace");
        }

        var expression = OptionalString(target, "expression", where) is { } text ? Compile(text, ExpressionScope.Target, $"{where}.expression") : null;
        var skipIf = OptionalString(target, "skip_if", where) is { } skip ? Compile(skip, ExpressionScope.SkipIf, $"{where}.skip_if") : null;
        var priority = OptionalInt(target, "priority", where, 0, int.MaxValue);
        var timeout = OptionalInt(target, "timeout", where, 0, 1_209_600);
        var orderBy = OptionalString(target, "order_by", where) is { } order ? ParseOrderBy(order, $"{where}.order_by") : [];
        var knownSid = KnownWorkerPath(target, "known_worker_sid", where);
        var knownName = KnownWorkerPath(target, "known_worker_friendly_name", where);
        return new WorkflowTarget(queue, expression, priority, timeout, orderBy, skipIf, knownSid, knownName);
    }

    private static string? KnownWorkerPath(JsonElement target, string property, string where)
    {
        var text = OptionalString(target, property, where);
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (!trimmed.StartsWith("task.", StringComparison.Ordinal) || trimmed.Length == 5)
        {
            throw new WorkflowConfigurationException($"{where}.{property} must name a task attribute, like task.requested_agent");
        }

        return trimmed[5..];
    }

    private static List<OrderByClause> ParseOrderBy(string text, string where)
    {
        var clauses = new List<OrderByClause>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is < 1 or > 2 || !words[0].StartsWith("worker.", StringComparison.Ordinal) || words[0].Length == 7)
            {
                throw new WorkflowConfigurationException($"{where} clause '{part}' must look like 'worker.<attribute> ASC|DESC'");
            }

            var descending = words.Length == 2 && words[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            if (words.Length == 2 && !descending && !words[1].Equals("ASC", StringComparison.OrdinalIgnoreCase))
            {
                throw new WorkflowConfigurationException($"{where} clause '{part}' must end with ASC or DESC");
            }

            clauses.Add(new OrderByClause(words[0][7..].Split('.'), descending));
        }

        return clauses;
    }

    private static TaskRouterExpression Compile(string text, ExpressionScope scope, string where)
    {
        try
        {
            return TaskRouterExpression.Parse(text, scope);
        }
        catch (ExpressionSyntaxException e)
        {
            throw new WorkflowConfigurationException($"{where}: {e.Message}");
        }
    }

    private static string? OptionalString(JsonElement element, string property, string where)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new WorkflowConfigurationException($"{where}.{property} must be a string");
    }

    private static int? OptionalInt(JsonElement element, string property, string where, int min, int max)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            throw new WorkflowConfigurationException($"{where}.{property} must be a whole number from {min} to {max}");
        }

        return number;
    }
}

public sealed class WorkflowConfigurationException(string message) : Exception(message);
