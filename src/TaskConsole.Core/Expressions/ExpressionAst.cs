namespace TaskConsole.Core.Expressions;

/// <summary>Where an expression is evaluated, which decides what an unprefixed key means.</summary>
public enum ExpressionScope
{
    /// <summary>Workflow filter and <c>EvaluateTaskAttributes</c>: keys are task attributes.</summary>
    Task,

    /// <summary>Queue <c>target_workers</c> and <c>TargetWorkersExpression</c>: keys are worker attributes or worker fields.</summary>
    Worker,

    /// <summary>Workflow target expression: every key starts with <c>task.</c> or <c>worker.</c>.</summary>
    Target,

    /// <summary>Workflow target <c>skip_if</c>: keys are <c>workers.available</c>, <c>workers.unavailable</c> or <c>workers.&lt;activity sid&gt;</c>.</summary>
    SkipIf,
}

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Contains,
    Has,
    In,
    NotIn,
}

internal enum PathRoot
{
    TaskAttributes,
    WorkerAttributes,
    WorkerField,
    Time,
    WorkerCount,
}

internal abstract record ExpressionNode;

internal sealed record LogicalNode(bool IsAnd, ExpressionNode Left, ExpressionNode Right) : ExpressionNode;

internal sealed record ComparisonNode(Operand Left, ComparisonOperator Operator, Operand Right) : ExpressionNode;

internal abstract record Operand;

/// <summary>A constant: string, double, bool, null, or a list of those for array literals.</summary>
internal sealed record LiteralOperand(object? Value) : Operand;

/// <summary>A key path; segments are property names (string) or array indexes (int).</summary>
internal sealed record PathOperand(PathRoot Root, IReadOnlyList<object> Segments, string Text) : Operand;
