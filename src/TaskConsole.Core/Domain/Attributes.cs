using System.Text.Json;

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

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
