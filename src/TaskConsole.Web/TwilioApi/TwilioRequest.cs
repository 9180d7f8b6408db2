using TaskConsole.Core.Expressions;
using TaskConsole.Web.Api;

namespace TaskConsole.Web.TwilioApi;

/// <summary>Reading Twilio-format requests: form-encoded parameters (DELETE included), If-Match, statistics windows.</summary>
public static class TwilioRequest
{
    /// <summary>Events and cumulative statistics reach back this far, as on twilio.com.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(30);

    /// <summary>The form parameters of a write request; a body that is not a form is read as no parameters.</summary>
    public static async Task<QueryParameters> FormAsync(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            return new QueryParameters(FormCollection.Empty);
        }

        try
        {
            return new QueryParameters(await request.ReadFormAsync(request.HttpContext.RequestAborted));
        }
        catch (InvalidDataException e)
        {
            var parameters = new QueryParameters(FormCollection.Empty);
            parameters.Errors.Add($"body: not a valid form ({e.Message})");
            return parameters;
        }
    }

    public static string? IfMatch(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.IfMatch.ToString() is { Length: > 0 } value ? value : null;
    }

    /// <summary>
    /// The window of a statistics or events request: <c>StartDate</c>/<c>EndDate</c>, else the last <c>Minutes</c>
    /// (15 by default), never reaching back more than 30 days.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Window(this QueryParameters query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var minutes = query.Integer("Minutes", 1, (int)History.TotalMinutes, 15);
        var start = query.Time("StartDate");
        var end = query.Time("EndDate") ?? now;
        if (start is not null && start > end)
        {
            query.Errors.Add("StartDate: must be before EndDate");
        }

        var from = start ?? end.AddMinutes(-minutes);
        return (from < now - History ? now - History : from, end);
    }

    /// <summary><c>SplitByWaitTime</c>: comma-separated thresholds in seconds.</summary>
    public static IReadOnlyList<int> SplitByWaitTime(this QueryParameters query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var thresholds = new List<int>();
        foreach (var value in query.Values("SplitByWaitTime"))
        {
            if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400)
            {
                thresholds.Add(seconds);
            }
            else
            {
                query.Errors.Add($"SplitByWaitTime: '{value}' must be a whole number of seconds from 1 to 86400");
            }
        }

        return thresholds.Distinct().Order().ToList();
    }

    /// <summary>An expression parameter, compiled; a syntax error names the parameter, the problem and its column.</summary>
    public static TaskRouterExpression? Expression(this QueryParameters query, string name, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Single(name) is not { Length: > 0 } text)
        {
            return null;
        }

        if (TaskRouterExpression.TryParse(text, scope, out var expression, out var error))
        {
            return expression;
        }

        query.Errors.Add($"{name}: {error!.Message}");
        return null;
    }
}
