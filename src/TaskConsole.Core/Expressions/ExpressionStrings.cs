using System.Collections.Concurrent;

namespace TaskConsole.Core.Expressions;

/// <summary>
/// The keys and string constants of compiled expressions, one instance of each. Attribute documents take these
/// instances for the equal keys and values they hold, so that most comparisons an expression makes end at the
/// reference check. Only expression text registers strings, and the registry stops growing at a bound: past it,
/// comparisons simply compare characters, with the same results.
/// </summary>
internal static class ExpressionStrings
{
    private const int Limit = 100_000;
    private static readonly ConcurrentDictionary<string, string> Registered = new(StringComparer.Ordinal);
    private static int _count;

    /// <summary>The shared instance of a key or constant of an expression being compiled.</summary>
    public static string Register(string text)
    {
        if (Registered.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref _count) >= Limit)
        {
            return text;
        }

        if (Registered.TryAdd(text, text))
        {
            Interlocked.Increment(ref _count);
            return text;
        }

        return Registered[text];
    }

    /// <summary>The shared instance equal to <paramref name="text"/> if an expression uses one, else the text itself.</summary>
    public static string Share(string text) => Registered.TryGetValue(text, out var shared) ? shared : text;
}
