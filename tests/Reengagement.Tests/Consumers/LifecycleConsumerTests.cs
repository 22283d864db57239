using System.Text;
using InactiveCustomers.Contracts;
using InactiveCustomers.LocalServers;
using InactiveCustomers.TestSupport;
using MassTransit;
using RabbitMQ.Client;

namespace InactiveCustomers.Reengagement.Tests.Consumers;

/// <summary>
/// Lifecycle events from real RabbitMQ into real PostgreSQL: one target per inactivity episode whatever the
/// broker repeats or reorders, suppressed customers kept out, and broken messages set aside while the rest flow.
/// </summary>
public sealed class LifecycleConsumerTests(PostgresFixture postgres, RabbitMqFixture rabbit)
    : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task BecameInactive_ShouldBeOnePendingTargetPerEpisode_HoweverOftenItArrives()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        var a = LifecycleEvents.Inactive(Customer("a"), spent: 812.40m);
        var b = LifecycleEvents.Inactive(Customer("b"), lastPurchase: "2022-05-01", spent: 90m, perfil: "Inativo de Baixo Valor");

        await service.Publisher.Publish(a);
        await service.Publisher.Publish(a);
        await service.Publisher.Publish(b);
        await service.Publisher.Publish(a with { RunId = Guid.NewGuid() }); // the same episode seen by a later run
        var sentinel = LifecycleEvents.Inactive(Customer("sentinel"));
        await service.Publisher.Publish(sentinel);

        var targets = await service.WaitForTargetsAsync(t => t.ContainsKey(sentinel.EpisodeKey) && t.ContainsKey(a.EpisodeKey) && t.ContainsKey(b.EpisodeKey), "the three episodes stored");
        targets.Should().HaveCount(3);
        var stored = targets[a.EpisodeKey];
        stored.Status.Should().Be("Pending");
        stored.CustomerId.Should().Be(a.CustomerId);
        stored.Perfil.Should().Be("Inativo de Alto Valor");
        stored.Valor.Should().Be(812.40m);
        stored.InactiveSince.Should().Be(a.InactiveSince);
        stored.Reasons.Should().Equal(a.Reasons);
        stored.Suppressed.Should().BeFalse();
        targets[b.EpisodeKey].Perfil.Should().Be("Inativo de Baixo Valor");
    }

    [Fact]
    public async Task Reactivated_ShouldCloseTheEpisode_AndALateInactivityShouldNotReopenIt()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        var pending = LifecycleEvents.Inactive(Customer("back"));
        await service.Publisher.Publish(pending);
        await service.WaitForTargetsAsync(t => t.ContainsKey(pending.EpisodeKey), "the inactive customer stored");

        await service.Publisher.Publish(LifecycleEvents.Reactivated(pending.CustomerId, reactivatedOn: "2024-03-05"));
        var early = LifecycleEvents.Reactivated(Customer("early"), reactivatedOn: "2024-02-20"); // overtook its inactivity
        await service.Publisher.Publish(early);

        var targets = await service.WaitForTargetsAsync(
            t => t.TryGetValue(pending.EpisodeKey, out var p) && p.Status == "Reactivated" && t.ContainsKey(early.EpisodeKey), "both episodes closed");
        targets[pending.EpisodeKey].ReactivatedOn.Should().Be(new DateOnly(2024, 3, 5));
        targets[pending.EpisodeKey].Perfil.Should().Be("Inativo de Alto Valor", "the target keeps the row that made it a target");
        targets[early.EpisodeKey].Status.Should().Be("Reactivated");
        targets[early.EpisodeKey].ReactivatedOn.Should().Be(new DateOnly(2024, 2, 20));

        await service.Publisher.Publish(LifecycleEvents.Inactive(early.CustomerId)); // the inactivity arrives late
        var sentinel = LifecycleEvents.Inactive(Customer("sentinel"));
        await service.Publisher.Publish(sentinel);
        await service.Publisher.Publish(LifecycleEvents.Reactivated(pending.CustomerId, reactivatedOn: "2024-03-05")); // and a repeat
        targets = await service.WaitForTargetsAsync(t => t.ContainsKey(sentinel.EpisodeKey), "the sentinel stored");
        targets[early.EpisodeKey].Status.Should().Be("Reactivated", "a closed episode stays closed");
        targets.Should().HaveCount(3);
    }

    [Fact]
    public async Task SuppressedCustomer_ShouldArriveSuppressed()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        var objected = LifecycleEvents.Inactive(Customer("objected"));
        await service.ExecuteAsync($"INSERT INTO reengagement.suppressions (customer_id, reason, created_at) VALUES ('{objected.CustomerId}', 'LGPD', now())");
        var other = LifecycleEvents.Inactive(Customer("other"));

        await service.Publisher.Publish(objected);
        await service.Publisher.Publish(other);

        var targets = await service.WaitForTargetsAsync(t => t.ContainsKey(objected.EpisodeKey) && t.ContainsKey(other.EpisodeKey), "both stored");
        targets[objected.EpisodeKey].Suppressed.Should().BeTrue();
        targets[other.EpisodeKey].Suppressed.Should().BeFalse();
    }

    [Fact]
    public async Task PoisonMessages_ShouldGoToTheErrorQueueWithTheReason_WhileTheRestAreStored()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        await using var errors = await ErrorQueue.StartAsync(rabbit, "customer-became-inactive_error");
        var good = LifecycleEvents.Inactive(Customer("good"));
        var wrongKey = LifecycleEvents.Inactive(Customer("wrong-key")) with { EpisodeKey = "not-an-episode" };
        var alsoGood = LifecycleEvents.Inactive(Customer("also-good"));

        await service.Publisher.Publish(good);
        await service.Publisher.Publish(wrongKey);
        await PublishUnreadableAsync(rabbit, LifecycleEvents.Inactive(Customer("unreadable")));
        await service.Publisher.Publish(alsoGood);

        var targets = await service.WaitForTargetsAsync(t => t.ContainsKey(good.EpisodeKey) && t.ContainsKey(alsoGood.EpisodeKey), "the good events stored");
        targets.Keys.Should().BeEquivalentTo([good.EpisodeKey, alsoGood.EpisodeKey]);
        var faults = await Eventually.WaitForAsync(errors.ReadAsync, f => f.Count >= 2, TimeSpan.FromSeconds(60), "two faults in the error queue");
        faults.Should().Contain(f => f.Contains("EpisodeKey 'not-an-episode'", StringComparison.Ordinal), "the reason travels with the message");
        faults.Should().Contain(f => f.Contains("InactiveSince", StringComparison.OrdinalIgnoreCase) || f.Contains("DateOnly", StringComparison.Ordinal), "an unreadable message fails to deserialize");
    }

    private static string Customer(string name) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name + Guid.NewGuid())));

    // An event as some other publisher might get it wrong: the right message type, a date that is not a date.
    private static async Task PublishUnreadableAsync(RabbitMqFixture rabbit, CustomerBecameInactive message)
    {
        var factory = new ConnectionFactory { HostName = rabbit.Server.Host, Port = rabbit.Server.Port, UserName = LocalRabbitMq.Username, Password = LocalRabbitMq.Password };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var body = $$$"""
            {"messageId":"{{{Guid.NewGuid()}}}","messageType":["urn:message:inactive-customers:customer-became-inactive:v1"],
             "message":{"customerId":"{{{message.CustomerId}}}","episodeKey":"{{{message.EpisodeKey}}}","inactiveSince":"yesterday",
                        "runId":"{{{message.RunId}}}","ruleSetVersion":"v1","reasons":[]}}
            """;
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync("InactiveCustomers.Contracts:CustomerBecameInactive", string.Empty, false, properties, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Reads an error queue with the plain RabbitMQ client: each message's fault reason (MT-Fault-Message).</summary>
    private sealed class ErrorQueue : IAsyncDisposable
    {
        private readonly IConnection _connection;
        private IChannel _channel;
        private readonly string _queue;
        private readonly List<string> _faults = [];

        private ErrorQueue(IConnection connection, IChannel channel, string queue)
        {
            _connection = connection;
            _channel = channel;
            _queue = queue;
        }

        public static async Task<ErrorQueue> StartAsync(RabbitMqFixture rabbit, string queue)
        {
            var factory = new ConnectionFactory { HostName = rabbit.Server.Host, Port = rabbit.Server.Port, UserName = LocalRabbitMq.Username, Password = LocalRabbitMq.Password };
            var connection = await factory.CreateConnectionAsync();
            return new ErrorQueue(connection, await connection.CreateChannelAsync(), queue);
        }

        /// <summary>Takes what the queue holds now (nothing while MassTransit has not created it yet).</summary>
        public async Task<List<string>> ReadAsync()
        {
            try
            {
                while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } message)
                {
                    var reason = message.BasicProperties.Headers?.TryGetValue(MessageHeaders.FaultMessage, out var value) == true && value is byte[] bytes
                        ? Encoding.UTF8.GetString(bytes)
                        : "(no reason)";
                    _faults.Add(reason);
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // The queue does not exist yet (the broker closes the channel): nothing faulted so far.
                await _channel.DisposeAsync();
                _channel = await _connection.CreateChannelAsync();
            }

            return [.. _faults];
        }

        public async ValueTask DisposeAsync()
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
