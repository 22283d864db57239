namespace InactiveCustomers.Ingestion.Batches;

/// <summary>Lands queued files one after another, and on start-up picks up those a stopped process left unfinished.</summary>
internal sealed class BatchLandingWorker(PurchaseBatches batches, ILogger<BatchLandingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await batches.RequeueUnfinishedAsync(stoppingToken);
        await foreach (var (file, fileName) in batches.Queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await batches.LandAsync(file, fileName, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The batch stays "received": the next start lands it again from its raw bytes.
                logger.LogError(e, "Landing batch {BatchId} ({FileName}) failed", file.BatchId, fileName);
            }
        }
    }
}
