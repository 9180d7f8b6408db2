using TaskConsole.Core.TaskRouter;

namespace TaskConsole.Web.Events;

/// <summary>
/// Feeds every company's TaskRouter events into the pipeline: first what was emitted since the last ingested
/// sequence (so a restart loses nothing), then live, in batches of what has arrived.
/// </summary>
public sealed class EventIngestionService(TaskRouterDirectory directory, TaskEventPipeline pipeline, ILogger<EventIngestionService> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(directory.Companies.Select(company => IngestAsync(directory.Find(company.Id)!, stoppingToken)));

    private async Task IngestAsync(ITaskRouterClient client, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var cursor = await pipeline.GetCursorAsync(client.Company.Id, stoppingToken);
                var batch = new List<TaskRouterEvent>();
                await using var events = client.SubscribeAsync(cursor, stoppingToken).GetAsyncEnumerator(stoppingToken);
                var ended = false;
                var next = events.MoveNextAsync();
                while (!ended && await next)
                {
                    batch.Add(events.Current);
                    next = events.MoveNextAsync();
                    // Keep taking what has already arrived; write when the stream pauses or the batch is full.
                    while (batch.Count < MaxBatch && next.IsCompleted)
                    {
                        if (!next.Result)
                        {
                            ended = true;
                            break;
                        }

                        batch.Add(events.Current);
                        next = events.MoveNextAsync();
                    }

                    await pipeline.IngestAsync(client.Company.Id, batch, stoppingToken);
                    batch.Clear();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Ingesting {Company}'s TaskRouter events failed; resuming from the last ingested event", client.Company.Id);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }
}
