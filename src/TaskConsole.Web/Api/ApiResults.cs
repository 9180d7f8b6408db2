using System.Text.Json;

namespace TaskConsole.Web.Api;

/// <summary>The API's JSON: errors are <c>{ "status", "message" }</c> everywhere; TaskConsole's own records are camelCase.</summary>
public static class ApiResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Responses are application/json, never embedded in HTML: quotes and apostrophes need no escaping.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Error(int status, string message) => TypedResults.Json(new ApiError(status, message), Json, statusCode: status);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    public static IResult Ok(object body) => TypedResults.Json(body, Json, statusCode: StatusCodes.Status200OK);

    /// <summary>This request's absolute URL with its query kept and <c>pageToken</c> set: a link that works as given.</summary>
    public static string PageUrl(HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.Where(q => q.Key != "pageToken")
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")));
        var text = string.Join("&", query.Append("pageToken=" + Uri.EscapeDataString(token)));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{text}";
    }

    public const long MaxBodyBytes = 1_000_000;

    /// <summary>Parses a JSON request body; the problem names the body when it is too large or not JSON. Dispose the document.</summary>
    public static async Task<(JsonDocument? Document, string? Problem)> ReadJsonAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (null, "body: must be at most 1 MB");
        }

        try
        {
            return (await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted), null);
        }
        catch (JsonException e)
        {
            return (null, $"body: not valid JSON ({e.Message})");
        }
    }

    public sealed record ApiError(int Status, string Message);
}
