using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.Events;

/// <summary>
/// In-process fan-out of committed events, per company. Handlers run on the pipeline's thread and must only note the
/// event (set a flag, queue it); a handler that throws is logged and does not stop the others.
/// </summary>
public sealed class TaskEventBroadcaster(ILogger<TaskEventBroadcaster> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Action<TaskRouterEvent>>> _handlers = new(StringComparer.OrdinalIgnoreCase);

    public IDisposable Subscribe(string companyId, Action<TaskRouterEvent> handler)
    {
        lock (_lock)
        {
            if (!_handlers.TryGetValue(companyId, out var list))
            {
                _handlers[companyId] = list = [];
            }

            list.Add(handler);
        }

        return new Subscription(() =>
        {
            lock (_lock)
            {
                _handlers.GetValueOrDefault(companyId)?.Remove(handler);
            }
        });
    }

    public void Publish(string companyId, IReadOnlyList<TaskRouterEvent> events)
    {
        Action<TaskRouterEvent>[] handlers;
        lock (_lock)
        {
            handlers = _handlers.TryGetValue(companyId, out var list) ? [.. list] : [];
        }

        foreach (var handler in handlers)
        {
            foreach (var evt in events)
            {
                try
                {
                    handler(evt);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "A subscriber of {Company}'s events failed on {EventType}", companyId, evt.EventType);
                    break;
                }
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
