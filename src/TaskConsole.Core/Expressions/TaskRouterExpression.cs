using System.Collections.Concurrent;

namespace TaskConsole.Core.Expressions;

/// <summary>
/// A parsed and compiled TaskRouter expression. Obtain one with <see cref="Parse"/>, which caches by scope and text,
/// so the same expression text is parsed and compiled once per process.
/// </summary>
public sealed class TaskRouterExpression
{
    private const int CacheLimit = 20_000;
    private static readonly ConcurrentDictionary<(ExpressionScope, string), TaskRouterExpression> Cache = new();

    private readonly ExpressionNode _tree;
    private readonly ExpressionCompiler.Predicate _compiled;

    private TaskRouterExpression(string text, ExpressionScope scope, ExpressionNode tree)
    {
        Text = text;
        Scope = scope;
        _tree = tree;
        _compiled = ExpressionCompiler.Compile(tree);
    }

    public string Text { get; }

    public ExpressionScope Scope { get; }

    /// <summary>Parses and compiles <paramref name="text"/>; throws <see cref="ExpressionSyntaxException"/> when it is not valid.</summary>
    public static TaskRouterExpression Parse(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Cache.TryGetValue((scope, text), out var cached))
        {
            return cached;
        }

        var expression = new TaskRouterExpression(text, scope, ExpressionParser.Parse(text, scope));
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[(scope, text)] = expression;
        return expression;
    }

    /// <summary>Parses without throwing: the expression, or the syntax error.</summary>
    public static bool TryParse(string text, ExpressionScope scope, out TaskRouterExpression? expression, out ExpressionSyntaxException? error)
    {
        try
        {
            expression = Parse(text, scope);
            error = null;
            return true;
        }
        catch (ExpressionSyntaxException e)
        {
            expression = null;
            error = e;
            return false;
        }
    }

    public bool Evaluate(in ExpressionContext context) => _compiled(context);

    /// <summary>Evaluates with the plain tree-walking evaluator that defines the semantics; for tests and benchmarks.</summary>
    internal bool EvaluateReference(in ExpressionContext context) => ReferenceEvaluator.Evaluate(_tree, context);

    public override string ToString() => Text;
}
