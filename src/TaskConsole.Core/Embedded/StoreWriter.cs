using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Core.Embedded;

/// <summary>
/// Writes a workspace's changes on a thread of its own. Commands that arrive while a transaction is being written
/// go into the next one together (group commit), so durability costs one transaction per batch instead of one per
/// command. A command's changes are durable when <see cref="WaitUntilWritten"/> returns for the ticket
/// <see cref="Enqueue"/> gave it; the events of each batch are published, in order, only after it is written.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    private const int MaxBatch = 1_000;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(500);
    private readonly EngineStore _store;
    private readonly Action<IReadOnlyList<TaskRouterEvent>> _publish;
    private readonly ILogger _logger;
    private readonly BlockingCollection<PendingWrite> _queue = new();
    private readonly Thread _thread;
    private readonly Timer _checkpoints;
    private readonly object _progress = new();
    private long _enqueued;
    private long _written;
    private Exception? _failure;

    public StoreWriter(EngineStore store, Action<IReadOnlyList<TaskRouterEvent>> publish, ILogger logger, string name)
    {
        _store = store;
        _publish = publish;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = $"TaskRouter store writer {name}" };
        _thread.Start();
        _checkpoints = new Timer(_ => Checkpoint(), null, CheckpointInterval, CheckpointInterval);
    }

    /// <summary>Queues one command's changes (resources by kind and sid, null when removed) and its events; returns its ticket.</summary>
    public long Enqueue(Dictionary<(string Kind, string Sid), object?> changes, IReadOnlyList<TaskRouterEvent> events, DateTimeOffset clock)
    {
        // Called under the engine's lock, so tickets are handed out in the order the changes were made.
        var ticket = Interlocked.Increment(ref _enqueued);
        _queue.Add(new PendingWrite(ticket, changes, events, clock));
        return ticket;
    }

    /// <summary>
    /// Blocks until the write with this ticket is durable. Waits on a monitor rather than a task: many callers
    /// spinning while the writer works would take the CPU the writer needs.
    /// </summary>
    public void WaitUntilWritten(long ticket)
    {
        lock (_progress)
        {
            while (_written < ticket)
            {
                if (_failure is not null)
                {
                    throw new InvalidOperationException("The TaskRouter store could not be written; the change is not durable.", _failure);
                }

                Monitor.Wait(_progress);
            }
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public void Dispose()
    {
        _checkpoints.Dispose();
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
        Checkpoint();
    }

    private void Checkpoint()
    {
        try
        {
            lock (_checkpoints)
            {
                _store.Checkpoint();
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            _logger.LogWarning(e, "TaskRouter store checkpoint failed; it will be tried again");
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }

            var changes = new Dictionary<(string Kind, string Sid), object?>();
            var events = new List<TaskRouterEvent>();
            foreach (var write in batch)
            {
                foreach (var (key, value) in write.Changes)
                {
                    changes[key] = value;
                }

                events.AddRange(write.Events);
            }

            try
            {
                _store.Save(changes, events, batch[^1].Clock);
            }
            catch (Exception e)
            {
                _logger.LogCritical(e, "Writing {Count} TaskRouter changes to the store failed", changes.Count);
                Advance(batch[^1].Ticket, e);
                continue;
            }

            if (events.Count > 0)
            {
                _publish(events);
            }

            Advance(batch[^1].Ticket, null);
        }
    }

    private void Advance(long ticket, Exception? failure)
    {
        lock (_progress)
        {
            _failure ??= failure;
            _written = ticket;
            Monitor.PulseAll(_progress);
        }
    }

    private sealed record PendingWrite(long Ticket, Dictionary<(string Kind, string Sid), object?> Changes, IReadOnlyList<TaskRouterEvent> Events, DateTimeOffset Clock);
}
