using InactiveCustomers.Contracts;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;

namespace InactiveCustomers.Ingestion.Batches;

/// <summary>
/// Publishes <see cref="PurchasesIngested"/> for every landed batch, from the event store: stored first, published
/// after. The async daemon remembers how far it got, so a crash repeats at most the last few publications — with
/// the same message id (the stored event's id), which consumers use to ignore the repeat.
/// </summary>
internal sealed class PurchasesIngestedRelay(IBus bus) : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var stored in page.Events)
        {
            if (stored.Data is not PurchaseFileLanded landed)
            {
                continue;
            }

            var report = landed.Report;
            await bus.Publish(new PurchasesIngested
            {
                BatchId = landed.BatchId,
                FileName = report.FileName,
                Sha256 = report.Sha256,
                RowsRead = report.RowsRead,
                RowsAccepted = report.RowsAccepted,
                RowsRejected = report.RowsRejected,
                DuplicatesDropped = report.DuplicatesDropped,
                MinPurchaseDate = report.MinPurchaseDate,
                MaxPurchaseDate = report.MaxPurchaseDate,
                Partitions = report.Partitions,
                LandedAt = landed.LandedAt,
            }, context => context.MessageId = stored.Id, cancellationToken);
        }

        return NullChangeListener.Instance;
    }
}
