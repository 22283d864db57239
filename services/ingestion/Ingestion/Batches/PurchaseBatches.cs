using System.Threading.Channels;
using InactiveCustomers.Ingestion.Landing;
using Marten;
using Marten.Exceptions;

namespace InactiveCustomers.Ingestion.Batches;

/// <summary>
/// The front door for files from every way in: records their receipt in the batch's event stream and queues them
/// for landing. A file whose bytes were seen before gets its earlier batch back.
/// </summary>
public sealed class PurchaseBatches(IIngestionStore store, PurchaseFileIngestor ingestor, TimeProvider clock)
{
    private readonly Channel<(ReceivedFile File, string FileName)> _queue = Channel.CreateUnbounded<(ReceivedFile, string)>();

    internal ChannelReader<(ReceivedFile File, string FileName)> Queue => _queue.Reader;

    /// <summary>Receives <paramref name="content"/> and returns its batch: new and queued, or the earlier one.</summary>
    public async Task<(PurchaseBatch Batch, bool IsNew)> SubmitAsync(Stream content, string fileName, string source, CancellationToken cancellationToken)
    {
        var file = await ingestor.ReceiveAsync(content, cancellationToken);
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<PurchaseBatch>(file.BatchId, cancellationToken) is { } earlier)
        {
            return (earlier, false);
        }

        var received = new PurchaseFileReceived(file.BatchId, fileName, file.Sha256, file.RawPath, file.Bytes, source, clock.GetUtcNow());
        session.Events.StartStream<PurchaseBatch>(file.BatchId, received);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ExistingStreamIdCollisionException)
        {
            // The same bytes arrived twice at once: the other submission owns the batch.
            await using var reader = store.QuerySession();
            return ((await reader.LoadAsync<PurchaseBatch>(file.BatchId, cancellationToken))!, false);
        }

        await _queue.Writer.WriteAsync((file, fileName), cancellationToken);
        return (PurchaseBatch.Create(received), true);
    }

    public async Task<PurchaseBatch?> FindAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<PurchaseBatch>(batchId, cancellationToken);
    }

    /// <summary>Queues again the batches a stopped process left unfinished; their bytes are in the raw zone.</summary>
    internal async Task RequeueUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var unfinished = await session.Query<PurchaseBatch>()
            .Where(batch => batch.Status == PurchaseBatch.Received || batch.Status == PurchaseBatch.Validated)
            .ToListAsync(cancellationToken);
        foreach (var batch in unfinished)
        {
            var rawPath = (await session.Events.FetchStreamAsync(batch.Id, token: cancellationToken))
                .Select(e => e.Data).OfType<PurchaseFileReceived>().First().RawPath;
            await _queue.Writer.WriteAsync((new ReceivedFile(batch.Id, batch.Sha256, rawPath, batch.Bytes), batch.FileName), cancellationToken);
        }
    }

    /// <summary>Lands one queued file and appends what became of it to its stream.</summary>
    internal async Task LandAsync(ReceivedFile file, string fileName, CancellationToken cancellationToken)
    {
        var report = await Task.Run(() => ingestor.IngestReceived(file, fileName, cancellationToken), cancellationToken);
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        if (report.Status == IngestionReport.Refused)
        {
            session.Events.Append(file.BatchId, new PurchaseFileRefused(file.BatchId, report.Message ?? "refused", report, now));
        }
        else
        {
            // Already in the catalog (landed before a crash, or by the command-line tool): it landed, announce it.
            var landed = report with { Status = IngestionReport.Landed };
            session.Events.Append(file.BatchId,
                new PurchaseFileValidated(file.BatchId, landed.RowsRead, landed.RowsRejected, landed.RejectsByReason, landed.SchemaDrift, now),
                new PurchaseFileLanded(file.BatchId, landed, now));
        }

        await session.SaveChangesAsync(cancellationToken);
    }
}
