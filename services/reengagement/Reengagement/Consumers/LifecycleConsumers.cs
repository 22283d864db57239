using InactiveCustomers.Contracts;
using InactiveCustomers.Reengagement.Targets;
using MassTransit;

namespace InactiveCustomers.Reengagement.Consumers;

/// <summary>CustomerBecameInactive, in batches: one INSERT per batch, idempotent per inactivity episode.</summary>
public sealed class CustomerBecameInactiveConsumer(TargetWriter targets, ILogger<CustomerBecameInactiveConsumer> logger)
    : IConsumer<Batch<CustomerBecameInactive>>
{
    public async Task Consume(ConsumeContext<Batch<CustomerBecameInactive>> context)
    {
        var valid = await PoisonMessages.SetAsideAsync(context.Message, m => LifecycleEventCheck.Problem(m.CustomerId, m.EpisodeKey, m.Customer), logger);
        await targets.AddInactiveAsync(valid, context.CancellationToken);
    }
}

/// <summary>CustomerReactivated, in batches: closes the episodes' targets, even those whose inactivity is still on its way.</summary>
public sealed class CustomerReactivatedConsumer(TargetWriter targets, ILogger<CustomerReactivatedConsumer> logger)
    : IConsumer<Batch<CustomerReactivated>>
{
    public async Task Consume(ConsumeContext<Batch<CustomerReactivated>> context)
    {
        var valid = await PoisonMessages.SetAsideAsync(context.Message, m => LifecycleEventCheck.Problem(m.CustomerId, m.EpisodeKey, m.Customer), logger);
        await targets.CloseReactivatedAsync(valid, context.CancellationToken);
    }
}

/// <summary>
/// Batches of up to 1,000 events, or what arrived within 100 ms; two batches at a time (one being written while
/// the next fills). The prefetch lets the broker keep two full batches in flight.
/// </summary>
public sealed class LifecycleBatchDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public const int BatchSize = 1000;

    public LifecycleBatchDefinition() => Endpoint(endpoint => endpoint.PrefetchCount = BatchSize * 2);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(100))
            .SetConcurrencyLimit(2));
}
