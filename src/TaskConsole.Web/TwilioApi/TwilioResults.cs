using System.Text.Json;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.TwilioApi;

/// <summary>
/// Answers in Twilio's wire format: snake_case JSON bodies shaped by <see cref="TwilioJson"/>, and Twilio's error body
/// <c>{ code, message, more_info, status }</c> with Twilio's error codes, which the SDKs turn into their API exceptions.
/// </summary>
public static class TwilioResults
{
    public const int InvalidParameter = 20001;
    public const int AuthenticationFailed = 20003;
    public const int NotFoundCode = 20404;
    public const int PreconditionFailedCode = 20412;

    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok(object body, string? etag = null, int status = StatusCodes.Status200OK) => new WireResult(body, status, etag);

    public static IResult Created(object body, string? etag = null) => Ok(body, etag, StatusCodes.Status201Created);

    public static IResult Deleted() => TypedResults.NoContent();

    public static IResult Error(int status, int code, string message) =>
        TypedResults.Json(new TwilioError(code, message, $"https://www.twilio.com/docs/errors/{code}", status), Json, statusCode: status);

    public static IResult Invalid(string message) => Error(StatusCodes.Status400BadRequest, InvalidParameter, message);

    public static IResult Invalid(IReadOnlyList<string> problems) => Invalid(string.Join("; ", problems));

    public static IResult NotFound(string message = "The requested resource was not found") => Error(StatusCodes.Status404NotFound, NotFoundCode, message);

    /// <summary>The answer to a refused command, with the status and code Twilio gives for that kind of refusal.</summary>
    public static IResult From(TaskRouterError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            TaskRouterErrorKind.NotFound => NotFound(error.Message),
            TaskRouterErrorKind.PreconditionFailed => Error(StatusCodes.Status412PreconditionFailed, PreconditionFailedCode, error.Message),
            _ => Invalid(error.Message),
        };
    }

    public sealed record TwilioError(
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] int Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("more_info")] string MoreInfo,
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] int Status);

    private sealed class WireResult(object body, int status, string? etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.StatusCode = status;
            if (etag is not null)
            {
                httpContext.Response.Headers.ETag = etag;
            }

            return httpContext.Response.WriteAsJsonAsync(body, body.GetType(), Json, httpContext.RequestAborted);
        }
    }
}
