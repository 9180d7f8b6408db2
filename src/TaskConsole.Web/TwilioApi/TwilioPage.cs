using System.Text.Json.Nodes;
using TaskConsole.Web.Api;

namespace TaskConsole.Web.TwilioApi;

/// <summary>
/// Twilio's list envelope: the items under the resource's key and a <c>meta</c> object whose every member the SDKs
/// require (<c>page, page_size, key, url, first_page_url, next_page_url, previous_page_url</c>). Pages are reached with
/// the opaque <c>PageToken</c> of <c>next_page_url</c>; a token is bound to the filter that issued it.
/// </summary>
public static class TwilioPage
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1_000;
    private static readonly string[] PagingParameters = ["PageSize", "Page", "PageToken"];

    public static IResult Create<T>(HttpContext http, string key, IReadOnlyList<T> items, Func<T, object> map)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(map);
        var query = new QueryParameters(http.Request.Query);
        var pageSize = query.Integer("PageSize", 1, MaxPageSize, DefaultPageSize);
        var filterKey = FilterKey(http.Request);
        var offset = 0;
        if (query.Single("PageToken") is { } token && !PageToken.TryRead(token, filterKey, out offset))
        {
            query.Errors.Add("PageToken: not a page token of this list with these filters; follow next_page_url as given");
        }

        if (query.Errors.Count > 0)
        {
            return TwilioResults.Invalid(query.Errors);
        }

        offset = Math.Min(offset, items.Count);
        var page = items.Skip(offset).Take(pageSize).Select(map).ToList();
        var pageNumber = offset / pageSize;
        var body = new JsonObject
        {
            [key] = System.Text.Json.JsonSerializer.SerializeToNode(page, TwilioResults.Json),
            ["meta"] = new JsonObject
            {
                ["page"] = pageNumber,
                ["page_size"] = pageSize,
                ["key"] = key,
                ["url"] = Url(http.Request, pageSize, pageNumber, offset == 0 ? null : PageToken.Create(offset, filterKey)),
                ["first_page_url"] = Url(http.Request, pageSize, 0, null),
                ["next_page_url"] = offset + pageSize < items.Count
                    ? Url(http.Request, pageSize, pageNumber + 1, PageToken.Create(offset + pageSize, filterKey))
                    : null,
                ["previous_page_url"] = offset > 0
                    ? Url(http.Request, pageSize, Math.Max(0, pageNumber - 1), Math.Max(0, offset - pageSize) is var previous and > 0 ? PageToken.Create(previous, filterKey) : null)
                    : null,
            },
        };
        return TwilioResults.Ok(body);
    }

    private static IEnumerable<KeyValuePair<string, string>> Filters(HttpRequest request) =>
        request.Query.Where(q => !PagingParameters.Contains(q.Key, StringComparer.OrdinalIgnoreCase))
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? "")));

    private static string FilterKey(HttpRequest request) =>
        request.Path + "?" + string.Join("&", Filters(request).Select(f => f.Key + "=" + f.Value));

    private static string Url(HttpRequest request, int pageSize, int page, string? token)
    {
        var query = Filters(request).Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))
            .Append($"PageSize={pageSize}")
            .Append($"Page={page}");
        if (token is not null)
        {
            query = query.Append("PageToken=" + Uri.EscapeDataString(token));
        }

        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join("&", query)}";
    }
}
