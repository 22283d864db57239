using System.Collections.Concurrent;
using InactiveCustomers.Contracts;
using InactiveCustomers.LocalServers;
using InactiveCustomers.TestSupport;
using MassTransit;

namespace InactiveCustomers.Segmentation.Tests;

/// <summary>
/// A consumer outside the service, as marketing automation would run one: its own bus and queue on the broker,
/// bound to the lifecycle events and run completions, keeping what it receives with the message ids.
/// </summary>
internal sealed class Listener : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private Listener(IBusControl bus) => _bus = bus;

    public ConcurrentQueue<(Guid? MessageId, CustomerBecameInactive Message)> BecameInactive { get; } = new();

    public ConcurrentQueue<(Guid? MessageId, CustomerReactivated Message)> Reactivated { get; } = new();

    public ConcurrentQueue<SegmentationRunCompleted> RunsCompleted { get; } = new();

    public IPublishEndpoint Publisher => _bus;

    public static async Task<Listener> StartAsync(RabbitMqFixture rabbit)
    {
        Listener? listener = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit.Server.Host, (ushort)rabbit.Server.Port, "/", host =>
            {
                host.Username(LocalRabbitMq.Username);
                host.Password(LocalRabbitMq.Password);
            });
            cfg.ReceiveEndpoint($"marketing-automation-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Handler<CustomerBecameInactive>(context =>
                {
                    listener!.BecameInactive.Enqueue((context.MessageId, context.Message));
                    return Task.CompletedTask;
                });
                endpoint.Handler<CustomerReactivated>(context =>
                {
                    listener!.Reactivated.Enqueue((context.MessageId, context.Message));
                    return Task.CompletedTask;
                });
                endpoint.Handler<SegmentationRunCompleted>(context =>
                {
                    listener!.RunsCompleted.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
        listener = new Listener(bus);
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return listener;
    }

    public ValueTask DisposeAsync() => new(_bus.StopAsync());
}
