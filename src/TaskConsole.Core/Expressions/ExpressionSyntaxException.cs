namespace TaskConsole.Core.Expressions;

/// <summary>The one exception the expression parser throws: what was expected, and at which 1-based column.</summary>
public sealed class ExpressionSyntaxException : Exception
{
    public ExpressionSyntaxException(string problem, int column)
        : base($"{problem} at column {column}")
    {
        Problem = problem;
        Column = column;
    }

    public string Problem { get; }

    public int Column { get; }
}
