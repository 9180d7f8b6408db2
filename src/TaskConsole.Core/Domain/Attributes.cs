using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaskConsole.Core.Domain;

/// <summary>Task and worker attributes: a JSON object of at most 4096 characters, as TaskRouter allows.</summary>
public static class Attributes
{
    public const int MaxLength = 4096;
    public const string Empty = "{}";

    public static readonly JsonElement EmptyObject = Parse(Empty);

    /// <summary>Checks and parses; null when valid, otherwise the reason.</summary>
    public static string? Validate(string? json, out JsonElement element)
    {
        element = EmptyObject;
        if (json is null)
        {
            return "must be a JSON object";
        }

        if (json.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters (got {json.Length})";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "must be a JSON object";
            }

            element = document.RootElement.Clone();
            return null;
        }
        catch (JsonException e)
        {
            return $"is not valid JSON ({e.Message})";
        }
    }

    /// <summary>The attributes with top-level keys set (added or replaced), as JSON text.</summary>
    public static string With(string json, params (string Key, object? Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var node = JsonNode.Parse(json) as JsonObject ?? [];
        foreach (var (key, value) in changes)
        {
            node[key] = JsonSerializer.SerializeToNode(value);
        }

        return node.ToJsonString();
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
