using InactiveCustomers.Contracts;
using MassTransit;

namespace InactiveCustomers.Segmentation.Runs;

/// <summary>New orders landed in the lake: schedule a (coalesced) run for the latest purchase date.</summary>
public sealed class PurchasesIngestedConsumer(RunScheduler scheduler, ILogger<PurchasesIngestedConsumer> logger) : IConsumer<PurchasesIngested>
{
    public Task Consume(ConsumeContext<PurchasesIngested> context)
    {
        logger.LogInformation("Batch {BatchId} landed {Rows} orders; a segmentation run follows", context.Message.BatchId, context.Message.RowsAccepted);
        scheduler.PurchasesLanded();
        return Task.CompletedTask;
    }
}
