using System.Globalization;
using System.Text;

namespace TaskConsole.Core.Expressions;

/// <summary>
/// Parses TaskRouter expressions. AND binds tighter than OR; keywords are case-insensitive;
/// every failure is an <see cref="ExpressionSyntaxException"/> naming what was expected and where.
/// </summary>
internal sealed class ExpressionParser
{
    private static readonly HashSet<string> WorkerFieldNames = new(StringComparer.Ordinal) { "sid", "friendly_name", "activity_sid", "activity_name" };
    private static readonly HashSet<string> TimeFieldNames = new(StringComparer.Ordinal) { "currentTime", "currentHour", "currentMin", "dayOfWeek" };

    private readonly List<Token> _tokens;
    private readonly ExpressionScope _scope;
    private int _position;

    private ExpressionParser(List<Token> tokens, ExpressionScope scope)
    {
        _tokens = tokens;
        _scope = scope;
    }

    public static ExpressionNode Parse(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Lexer.Tokenize(text);
        if (tokens.Count == 1)
        {
            throw new ExpressionSyntaxException("expected an expression", 1);
        }

        var parser = new ExpressionParser(tokens, scope);
        var node = parser.ParseOr();
        var next = parser.Peek;
        if (next.Kind != TokenKind.End)
        {
            var problem = next.Kind == TokenKind.RightParen
                ? "unexpected ')' with no matching '('"
                : $"expected AND, OR or the end of the expression {Found(next)}";
            throw new ExpressionSyntaxException(problem, next.Column);
        }

        return node;
    }

    private Token Peek => _tokens[_position];

    private Token Previous => _tokens[_position - 1];

    private Token Advance() => _tokens[_position++];

    private ExpressionNode ParseOr()
    {
        var left = ParseAnd();
        while (Peek.Kind == TokenKind.Or)
        {
            var op = Advance();
            ExpectOperandStart(op, "OR");
            left = new LogicalNode(false, left, ParseAnd());
        }

        return left;
    }

    private ExpressionNode ParseAnd()
    {
        var left = ParsePrimary();
        while (Peek.Kind == TokenKind.And)
        {
            var op = Advance();
            ExpectOperandStart(op, "AND");
            left = new LogicalNode(true, left, ParsePrimary());
        }

        return left;
    }

    private void ExpectOperandStart(Token after, string what)
    {
        if (Peek.Kind is TokenKind.End or TokenKind.And or TokenKind.Or or TokenKind.RightParen)
        {
            throw new ExpressionSyntaxException($"expected a condition after {what}", Peek.Column);
        }
    }

    private ExpressionNode ParsePrimary()
    {
        if (Peek.Kind == TokenKind.LeftParen)
        {
            var open = Advance();
            if (Peek.Kind == TokenKind.RightParen)
            {
                throw new ExpressionSyntaxException("expected a condition inside '('", Peek.Column);
            }

            var inner = ParseOr();
            if (Peek.Kind != TokenKind.RightParen)
            {
                throw new ExpressionSyntaxException($"expected ')' to close the '(' at column {open.Column}{Found(Peek)}", Peek.Column);
            }

            Advance();
            return inner;
        }

        return ParseComparison();
    }

    private ComparisonNode ParseComparison()
    {
        var left = ParseOperand("expected a key or a value");
        var opToken = Peek;
        ComparisonOperator op;
        string opText;
        switch (opToken.Kind)
        {
            case TokenKind.Operator:
                Advance();
                opText = opToken.Text;
                op = opToken.Text switch
                {
                    "==" or "=" => ComparisonOperator.Equal,
                    "!=" => ComparisonOperator.NotEqual,
                    "<" => ComparisonOperator.Less,
                    "<=" => ComparisonOperator.LessOrEqual,
                    ">" => ComparisonOperator.Greater,
                    ">=" => ComparisonOperator.GreaterOrEqual,
                    ">-" => ComparisonOperator.Has,
                    "<-" => ComparisonOperator.In,
                    _ => throw new InvalidOperationException("lexer produced an unknown operator"),
                };
                break;
            case TokenKind.Contains:
                Advance();
                (op, opText) = (ComparisonOperator.Contains, "CONTAINS");
                break;
            case TokenKind.Has:
                Advance();
                (op, opText) = (ComparisonOperator.Has, "HAS");
                break;
            case TokenKind.In:
                Advance();
                (op, opText) = (ComparisonOperator.In, "IN");
                break;
            case TokenKind.Not:
                Advance();
                if (Peek.Kind != TokenKind.In)
                {
                    throw new ExpressionSyntaxException($"expected IN after NOT{Found(Peek)}", Peek.Column);
                }

                Advance();
                (op, opText) = (ComparisonOperator.NotIn, "NOT IN");
                break;
            default:
                throw new ExpressionSyntaxException($"expected an operator (==, !=, <, <=, >, >=, CONTAINS, HAS, IN, NOT IN) after {Describe(Previous)}{Found(opToken)}", opToken.Column);
        }

        var right = ParseOperand($"expected a value after {opText}");
        return new ComparisonNode(left, op, right);
    }

    private Operand ParseOperand(string expectation)
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.String:
                Advance();
                return new LiteralOperand(token.Text);
            case TokenKind.Number:
                Advance();
                return new LiteralOperand(token.Number);
            case TokenKind.True:
                Advance();
                return new LiteralOperand(true);
            case TokenKind.False:
                Advance();
                return new LiteralOperand(false);
            case TokenKind.Null:
                Advance();
                return new LiteralOperand(null);
            case TokenKind.LeftBracket:
                return ParseArray();
            case TokenKind.Path:
                Advance();
                return ResolvePath(token);
            default:
                throw new ExpressionSyntaxException($"{expectation}{Found(token)}", token.Column);
        }
    }

    private LiteralOperand ParseArray()
    {
        var open = Advance();
        var items = new List<object?>();
        if (Peek.Kind == TokenKind.RightBracket)
        {
            Advance();
            return new LiteralOperand(items);
        }

        while (true)
        {
            var token = Advance();
            items.Add(token.Kind switch
            {
                TokenKind.String => token.Text,
                TokenKind.Number => token.Number,
                TokenKind.True => true,
                TokenKind.False => false,
                TokenKind.Null => null,
                _ => throw new ExpressionSyntaxException($"expected a string, number, true, false or null in the array{Found(token)}", token.Column),
            });

            var separator = Advance();
            if (separator.Kind == TokenKind.RightBracket)
            {
                return new LiteralOperand(items);
            }

            if (separator.Kind != TokenKind.Comma)
            {
                throw new ExpressionSyntaxException($"expected ',' or ']' to continue the array opened at column {open.Column}{Found(separator)}", separator.Column);
            }
        }
    }

    private PathOperand ResolvePath(Token token)
    {
        var segments = token.Segments!;
        var first = segments[0] as string;

        if (first == "taskrouter")
        {
            if (segments.Count != 2 || segments[1] is not string field || !TimeFieldNames.Contains(field))
            {
                throw new ExpressionSyntaxException($"unknown key '{token.Text}': taskrouter has currentTime, currentHour, currentMin and dayOfWeek", token.Column);
            }

            return new PathOperand(PathRoot.Time, segments.Skip(1).ToArray(), token.Text);
        }

        switch (_scope)
        {
            case ExpressionScope.Task:
                return new PathOperand(PathRoot.TaskAttributes, segments, token.Text);
            case ExpressionScope.Worker:
                if (segments.Count == 1 && first is not null && WorkerFieldNames.Contains(first))
                {
                    return new PathOperand(PathRoot.WorkerField, segments, token.Text);
                }

                return new PathOperand(PathRoot.WorkerAttributes, segments, token.Text);
            case ExpressionScope.Target:
                if (segments.Count >= 2 && first == "task")
                {
                    return new PathOperand(PathRoot.TaskAttributes, segments.Skip(1).ToArray(), token.Text);
                }

                if (segments.Count >= 2 && first == "worker")
                {
                    var rest = segments.Skip(1).ToArray();
                    var isField = rest.Length == 1 && rest[0] is string name && WorkerFieldNames.Contains(name);
                    return new PathOperand(isField ? PathRoot.WorkerField : PathRoot.WorkerAttributes, rest, token.Text);
                }

                throw new ExpressionSyntaxException($"key '{token.Text}' must start with task. or worker. in a target expression", token.Column);
            case ExpressionScope.SkipIf:
                if (segments.Count == 2 && first == "workers" && segments[1] is string)
                {
                    return new PathOperand(PathRoot.WorkerCount, segments.Skip(1).ToArray(), token.Text);
                }

                throw new ExpressionSyntaxException($"key '{token.Text}' is not allowed in skip_if: use workers.available, workers.unavailable or workers.<activity sid>", token.Column);
            default:
                throw new ArgumentOutOfRangeException(nameof(token));
        }
    }

    private static string Found(Token token) => token.Kind == TokenKind.End ? "" : $" but found {Describe(token)}";

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.String => $"the string \"{token.Text}\"",
        _ => $"'{token.Text}'",
    };

    private enum TokenKind
    {
        Path,
        String,
        Number,
        True,
        False,
        Null,
        And,
        Or,
        Not,
        In,
        Has,
        Contains,
        Operator,
        LeftParen,
        RightParen,
        LeftBracket,
        RightBracket,
        Comma,
        End,
    }

    private sealed record Token(TokenKind Kind, string Text, int Column, double Number = 0, IReadOnlyList<object>? Segments = null);

    private static class Lexer
    {
        public static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (true)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i >= text.Length)
                {
                    tokens.Add(new Token(TokenKind.End, "", text.Length + 1));
                    return tokens;
                }

                var column = i + 1;
                var c = text[i];
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                switch (c)
                {
                    case '(':
                        tokens.Add(new Token(TokenKind.LeftParen, "(", column));
                        i++;
                        continue;
                    case ')':
                        tokens.Add(new Token(TokenKind.RightParen, ")", column));
                        i++;
                        continue;
                    case '[':
                        tokens.Add(new Token(TokenKind.LeftBracket, "[", column));
                        i++;
                        continue;
                    case ']':
                        tokens.Add(new Token(TokenKind.RightBracket, "]", column));
                        i++;
                        continue;
                    case ',':
                        tokens.Add(new Token(TokenKind.Comma, ",", column));
                        i++;
                        continue;
                    case '\'' or '"':
                        tokens.Add(ReadString(text, ref i));
                        continue;
                    case '=':
                        var doubled = next == '=';
                        tokens.Add(new Token(TokenKind.Operator, doubled ? "==" : "=", column));
                        i += doubled ? 2 : 1;
                        continue;
                    case '!' when next == '=':
                        tokens.Add(new Token(TokenKind.Operator, "!=", column));
                        i += 2;
                        continue;
                    case '<' or '>':
                        var two = next is '=' || (next is '-' && !(i + 2 < text.Length && char.IsAsciiDigit(text[i + 2])));
                        var op = two ? text.Substring(i, 2) : c.ToString();
                        tokens.Add(new Token(TokenKind.Operator, op, column));
                        i += op.Length;
                        continue;
                    case '&' when next == '&':
                        throw new ExpressionSyntaxException("'&&' is not TaskRouter syntax: use AND", column);
                    case '|' when next == '|':
                        throw new ExpressionSyntaxException("'||' is not TaskRouter syntax: use OR", column);
                }

                if (char.IsAsciiDigit(c) || ((c == '-' || c == '+') && char.IsAsciiDigit(next)) || (c == '.' && char.IsAsciiDigit(next)))
                {
                    tokens.Add(ReadNumber(text, ref i));
                    continue;
                }

                if (IsIdentifierStart(c))
                {
                    tokens.Add(ReadPathOrKeyword(text, ref i));
                    continue;
                }

                throw new ExpressionSyntaxException($"unexpected character '{c}'", column);
            }
        }

        private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_' || c == '$' || c == '@';

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c == '@';

        private static Token ReadString(string text, ref int i)
        {
            var quote = text[i];
            var column = i + 1;
            var builder = new StringBuilder();
            i++;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == quote)
                {
                    i++;
                    return new Token(TokenKind.String, builder.ToString(), column);
                }

                if (c == '\\' && i + 1 < text.Length)
                {
                    builder.Append(text[i + 1]);
                    i += 2;
                    continue;
                }

                builder.Append(c);
                i++;
            }

            throw new ExpressionSyntaxException($"unterminated string: expected a closing {quote} for the string that starts", column);
        }

        private static Token ReadNumber(string text, ref int i)
        {
            var start = i;
            if (text[i] is '-' or '+')
            {
                i++;
            }

            var seenDot = false;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '.' && !seenDot)))
            {
                seenDot |= text[i] == '.';
                i++;
            }

            if (i < text.Length && (text[i] is 'e' or 'E'))
            {
                var save = i;
                i++;
                if (i < text.Length && text[i] is '-' or '+')
                {
                    i++;
                }

                if (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }
                else
                {
                    i = save;
                }
            }

            var literal = text[start..i];
            if (i < text.Length && IsIdentifierPart(text[i]))
            {
                throw new ExpressionSyntaxException($"unexpected character '{text[i]}' in the number '{literal}'", i + 1);
            }

            if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
            {
                throw new ExpressionSyntaxException($"'{literal}' is not a valid number", start + 1);
            }

            return new Token(TokenKind.Number, literal, start + 1, value);
        }

        private static Token ReadPathOrKeyword(string text, ref int i)
        {
            var start = i;
            var segments = new List<object>();
            var segmentStart = i;
            while (i < text.Length && IsIdentifierPart(text[i]))
            {
                i++;
            }

            segments.Add(text[segmentStart..i]);
            while (i < text.Length)
            {
                if (text[i] == '.')
                {
                    i++;
                    if (i >= text.Length || !IsIdentifierStart(text[i]))
                    {
                        throw new ExpressionSyntaxException($"expected a key name after '.' in '{text[start..i]}'", i + 1);
                    }

                    segmentStart = i;
                    while (i < text.Length && IsIdentifierPart(text[i]))
                    {
                        i++;
                    }

                    segments.Add(text[segmentStart..i]);
                }
                else if (text[i] == '[')
                {
                    var open = i;
                    i++;
                    var digitsStart = i;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }

                    if (i == digitsStart || i >= text.Length || text[i] != ']'
                        || !int.TryParse(text.AsSpan(digitsStart, i - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        throw new ExpressionSyntaxException($"expected an array index like [0] after '{text[start..open]}'", open + 1);
                    }

                    i++;
                    segments.Add(index);
                }
                else
                {
                    break;
                }
            }

            var word = text[start..i];
            if (segments.Count == 1)
            {
                var kind = word.ToUpperInvariant() switch
                {
                    "AND" => TokenKind.And,
                    "OR" => TokenKind.Or,
                    "NOT" => TokenKind.Not,
                    "IN" => TokenKind.In,
                    "HAS" => TokenKind.Has,
                    "CONTAINS" => TokenKind.Contains,
                    "TRUE" => TokenKind.True,
                    "FALSE" => TokenKind.False,
                    "NULL" => TokenKind.Null,
                    _ => TokenKind.Path,
                };
                if (kind != TokenKind.Path)
                {
                    return new Token(kind, word, start + 1);
                }
            }

            if (i < text.Length && text[i] == '-' && i + 1 < text.Length && IsIdentifierStart(text[i + 1]))
            {
                throw new ExpressionSyntaxException($"unexpected '-' after '{word}': keys cannot contain hyphens", i + 1);
            }

            return new Token(TokenKind.Path, word, start + 1, Segments: segments);
        }
    }
}
