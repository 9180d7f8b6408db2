using System.Runtime.CompilerServices;
using System.Text.Json;

namespace TaskConsole.Core.Expressions;

/// <summary>
/// Task or worker attributes prepared once for evaluation: every object path ("a", "a.b", "a.b.c") is flattened into
/// a small open-addressing table keyed by the path's hash, so a compiled expression reads a key with one probe instead
/// of walking the JSON. Arrays keep their items for indexes and HAS/IN. <see cref="Json"/> is the original document.
/// </summary>
public sealed class AttributeDocument
{
    public static readonly AttributeDocument Empty = From(Domain.Attributes.EmptyObject);

    private readonly Entry[] _entries;
    private readonly int _mask;

    private AttributeDocument(JsonElement json, List<Entry> entries)
    {
        Json = json;
        var size = 4;
        while (size < entries.Count * 2)
        {
            size *= 2;
        }

        _entries = new Entry[size];
        _mask = size - 1;
        // From the end, so that of a key written twice the last one counts, as in System.Text.Json.
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            var slot = entry.Hash & _mask;
            while (_entries[slot].Path is { } taken && !string.Equals(taken, entry.Path, StringComparison.Ordinal))
            {
                slot = (slot + 1) & _mask;
            }

            if (_entries[slot].Path is null)
            {
                _entries[slot] = entry;
            }
        }
    }

    public JsonElement Json { get; }

    public static AttributeDocument From(JsonElement json)
    {
        var entries = new List<Entry>();
        if (json.ValueKind == JsonValueKind.Object)
        {
            Flatten(json, null, entries);
        }

        return new AttributeDocument(json, entries);
    }

    /// <summary>The string at a top-level or dotted path, or null when it is missing or not a string.</summary>
    public string? GetString(string path)
    {
        ref readonly var value = ref Get(path, HashPath(path));
        return value.Kind == AttributeKind.String ? value.Text : null;
    }

    /// <summary>The number at a path, or null when it is missing or not a number.</summary>
    public double? GetNumber(string path)
    {
        ref readonly var value = ref Get(path, HashPath(path));
        return value.Kind == AttributeKind.Number ? value.Number : null;
    }

    /// <summary>Whether the path holds JSON <c>true</c>.</summary>
    public bool IsTrue(string path)
    {
        ref readonly var value = ref Get(path, HashPath(path));
        return value.Kind == AttributeKind.Bool && value.Number == 1;
    }

    /// <summary>Whether the path holds something other than null or an empty string.</summary>
    public bool HasValue(string path)
    {
        ref readonly var value = ref Get(path, HashPath(path));
        return !value.IsNull && !(value.Kind == AttributeKind.String && value.Text!.Length == 0);
    }

    /// <summary>The value at an object path (names joined by '.'), or a missing value; by reference, to copy nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref readonly AttributeValue Get(string path, int hash)
    {
        var slot = hash & _mask;
        while (true)
        {
            ref readonly var entry = ref _entries[slot];
            if (entry.Path is null)
            {
                return ref AttributeValue.Missing;
            }

            if (entry.Hash == hash && string.Equals(entry.Path, path, StringComparison.Ordinal))
            {
                return ref entry.Value;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>FNV-1a over the path's characters: stable across processes, unlike string.GetHashCode.</summary>
    internal static int HashPath(string path)
    {
        var hash = 2166136261u;
        foreach (var c in path)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }

    private static void Flatten(JsonElement obj, string? prefix, List<Entry> entries)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var path = ExpressionStrings.Share(prefix is null ? property.Name : prefix + "." + property.Name);
            entries.Add(new Entry(HashPath(path), path, AttributeValue.From(property.Value)));
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(property.Value, path, entries);
            }
        }
    }

    private readonly struct Entry(int hash, string path, AttributeValue value)
    {
        public readonly int Hash = hash;
        public readonly string Path = path;
        public readonly AttributeValue Value = value;
    }
}

internal enum AttributeKind : byte
{
    Missing,
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// <summary>One prepared JSON value. Objects inside arrays keep their fields for paths that continue after an index.</summary>
internal readonly struct AttributeValue
{
    public static readonly AttributeValue Missing;

    private AttributeValue(AttributeKind kind, double number = 0, string? text = null, AttributeValue[]? items = null, Dictionary<string, AttributeValue>? fields = null)
    {
        Kind = kind;
        Number = number;
        Text = text;
        Items = items;
        Fields = fields;
    }

    public AttributeKind Kind { get; }

    /// <summary>The number, or 1/0 for true/false.</summary>
    public double Number { get; }

    public string? Text { get; }

    public AttributeValue[]? Items { get; }

    public Dictionary<string, AttributeValue>? Fields { get; }

    /// <summary>Missing keys and JSON null are both null to expressions.</summary>
    public bool IsNull => Kind is AttributeKind.Missing or AttributeKind.Null;

    public bool IsScalar => Kind is AttributeKind.Missing or AttributeKind.Null or AttributeKind.Bool or AttributeKind.Number or AttributeKind.String;

    public static AttributeValue OfNumber(double number) => new(AttributeKind.Number, number);

    public static AttributeValue OfString(string text) => new(AttributeKind.String, text: text);

    public static AttributeValue FromLiteral(object? literal) => literal switch
    {
        null => new AttributeValue(AttributeKind.Null),
        bool flag => new AttributeValue(AttributeKind.Bool, flag ? 1 : 0),
        double number => OfNumber(number),
        string text => OfString(text),
        List<object?> list => new AttributeValue(AttributeKind.Array, items: list.Select(FromLiteral).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(literal)),
    };

    public static AttributeValue From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new AttributeValue(AttributeKind.String, text: ExpressionStrings.Share(element.GetString()!)),
        JsonValueKind.Number => new AttributeValue(AttributeKind.Number, element.GetDouble()),
        JsonValueKind.True => new AttributeValue(AttributeKind.Bool, 1),
        JsonValueKind.False => new AttributeValue(AttributeKind.Bool, 0),
        JsonValueKind.Array => new AttributeValue(AttributeKind.Array, items: element.EnumerateArray().Select(From).ToArray()),
        JsonValueKind.Object => new AttributeValue(
            AttributeKind.Object, fields: element.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => From(g.Last().Value), StringComparer.Ordinal)),
        JsonValueKind.Null => new AttributeValue(AttributeKind.Null),
        _ => default,
    };
}
