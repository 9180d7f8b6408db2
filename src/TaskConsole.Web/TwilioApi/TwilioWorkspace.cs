using TaskConsole.Core.Embedded;

namespace TaskConsole.Web.TwilioApi;

/// <summary>The embedded workspace a Twilio-format request addresses, after its caller was found to own it.</summary>
public sealed class TwilioWorkspace(EmbeddedTaskRouterClient client, EmbeddedCredential credential, string root)
{
    public EmbeddedTaskRouterClient Client { get; } = client;

    public TaskRouterEngine Engine => Client.Engine;

    public EmbeddedCredential Credential { get; } = credential;

    /// <summary>The absolute <c>…/v1</c> URL the caller reached this server at.</summary>
    public string Root { get; } = root;

    /// <summary>The workspace's absolute URL, the base of every <c>url</c> and link in its resources.</summary>
    public string Url => $"{Root}/Workspaces/{Engine.WorkspaceSid}";

    public DateTimeOffset Now => Engine.Time.GetUtcNow();
}

public static class TwilioWorkspaceAccess
{
    /// <summary>The workspace resolved for this request by the <c>/v1/Workspaces/{WorkspaceSid}</c> filter.</summary>
    public static TwilioWorkspace Workspace(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Features.Get<TwilioWorkspace>() ?? throw new InvalidOperationException("The request did not pass the workspace filter of /v1/Workspaces/{WorkspaceSid}.");
    }

    public static string Root(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}/v1";
    }
}
