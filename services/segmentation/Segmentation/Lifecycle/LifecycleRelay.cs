using InactiveCustomers.Contracts;
using InactiveCustomers.Segmentation.Runs;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;

namespace InactiveCustomers.Segmentation.Lifecycle;

/// <summary>
/// Publishes the lifecycle events and <see cref="SegmentationRunCompleted"/> from the event store: stored first,
/// published after, with the stored event's id as the message id. The async daemon remembers how far it got, so a
/// crash repeats at most the last page — with the same ids, which consumers use to ignore repeats.
/// A page is published in waves of concurrent publishes, and two events of one customer never overtake each other.
/// (Whole pages at once were no faster than waves of 64, measured.) The page query's plan depends on fresh table
/// statistics, which the lifecycle writer keeps (LifecycleTransitions).
/// </summary>
internal sealed class LifecycleRelay(IBus bus) : SubscriptionBase
{
    private const int Concurrency = 64;

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var wave = new List<Task>(Concurrency);
        var streamsInWave = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in page.Events)
        {
            var message = Message(stored);
            if (message is null)
            {
                continue;
            }

            if (wave.Count == Concurrency || !streamsInWave.Add(stored.StreamKey ?? string.Empty))
            {
                await Task.WhenAll(wave);
                wave.Clear();
                streamsInWave.Clear();
                streamsInWave.Add(stored.StreamKey ?? string.Empty);
            }

            var id = stored.Id;
            wave.Add(bus.Publish(message, message.GetType(), context => context.MessageId = id, cancellationToken));
        }

        await Task.WhenAll(wave);
        return NullChangeListener.Instance;
    }

    private static object? Message(IEvent stored) => stored.Data switch
    {
        CustomerBecameInactive or CustomerReactivated => stored.Data,
        SegmentationRunSucceeded run => new SegmentationRunCompleted
        {
            RunId = run.RunId,
            AsOf = run.AsOf,
            RuleSetVersion = run.RuleSetVersion,
            Customers = run.Counts.Customers,
            ByStatus = run.Counts.ByStatus,
            ByPerfil = run.Counts.ByPerfil,
            ByPotencial = run.Counts.ByPotencial,
            BySegmento = run.Counts.BySegmento,
            BecameInactive = run.BecameInactive,
            Reactivated = run.Reactivated,
            StartedAt = run.StartedAt,
            CompletedAt = run.CompletedAt,
        },
        _ => null,
    };
}
