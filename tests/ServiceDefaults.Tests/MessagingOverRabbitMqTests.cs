using InactiveCustomers.Contracts;
using InactiveCustomers.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace InactiveCustomers.ServiceDefaults.Tests;

public class MessagingOverRabbitMqTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task PublishedEvent_ShouldReachAConsumerThroughTheBroker()
    {
        var received = new TaskCompletionSource<PurchasesIngested>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (app, _) = await ServiceHost.StartAsync(rabbit.Settings, bus => bus.AddConsumer<ProbeConsumer>());
        await using var __ = app;
        ProbeConsumer.Received = received;
        var sent = new PurchasesIngested
        {
            BatchId = Guid.NewGuid(),
            FileName = "purchases.csv",
            Sha256 = new string('a', 64),
            RowsRead = 10,
            RowsAccepted = 9,
            RowsRejected = 1,
            DuplicatesDropped = 0,
            MinPurchaseDate = new DateOnly(2019, 1, 2),
            MaxPurchaseDate = new DateOnly(2019, 12, 30),
            Partitions = ["curated/purchases/year=2019/month=01", "curated/purchases/year=2019/month=12"],
            LandedAt = DateTimeOffset.UtcNow,
        };

        await app.Services.GetRequiredService<IPublishEndpoint>().Publish(sent);

        var got = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        got.Should().BeEquivalentTo(sent);
    }

    [Fact]
    public async Task WrongBrokerPassword_ShouldStopStartUpWithTheBrokersRefusal()
    {
        var settings = new Dictionary<string, string?>(rabbit.Settings) { ["Messaging:RabbitMq:Password"] = "wrong" };

        var act = () => ServiceHost.StartAsync(settings);

        // The host waits for the bus (WaitUntilStarted), so a refused login fails start-up instead of a half-working service.
        var error = await act.Should().ThrowAsync<Exception>();
        error.Which.ToString().Should().Contain("ACCESS_REFUSED");
    }

    [Fact]
    public async Task Bus_ShouldNotReportUsageToMassTransitsVendor()
    {
        var (app, _) = await ServiceHost.StartAsync(rabbit.Settings);
        await using var __ = app;

        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UsageTelemetryOptions>>().Value.Enabled
            .Should().BeFalse("a service does not call home from a customer's network");
    }

    private sealed class ProbeConsumer : IConsumer<PurchasesIngested>
    {
        public static TaskCompletionSource<PurchasesIngested>? Received { get; set; }

        public Task Consume(ConsumeContext<PurchasesIngested> context)
        {
            Received?.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}
