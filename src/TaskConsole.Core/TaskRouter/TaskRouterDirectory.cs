namespace TaskConsole.Core.TaskRouter;

/// <summary>The TaskRouter of every configured company, fixed at start-up.</summary>
public sealed class TaskRouterDirectory(IEnumerable<ITaskRouterClient> clients)
{
    private readonly Dictionary<string, ITaskRouterClient> _clients = clients.ToDictionary(c => c.Company.Id, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<Company> Companies => _clients.Values.Select(c => c.Company).OrderBy(c => c.DisplayName, StringComparer.CurrentCulture).ToArray();

    /// <summary>The company's TaskRouter, or null when there is no such company.</summary>
    public ITaskRouterClient? Find(string companyId) => _clients.GetValueOrDefault(companyId);
}
