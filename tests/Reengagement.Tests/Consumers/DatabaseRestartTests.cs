using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Reengagement.Tests.Consumers;

/// <summary>PostgreSQL restarts while events stream in: the consumers retry, and every episode ends up stored once.</summary>
public sealed class DatabaseRestartTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task DatabaseRestartMidConsumption_ShouldLoseNothingAndDoubleNothing()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        var events = Enumerable.Range(0, 6000).Select(i => LifecycleEvents.Inactive($"{i:x64}"[^64..])).ToList();

        var publishing = Task.Run(async () =>
        {
            foreach (var chunk in events.Chunk(100))
            {
                await Task.WhenAll(chunk.Select(e => service.Publisher.Publish(e)));
                await Task.WhenAll(chunk.Take(10).Select(e => service.Publisher.Publish(e))); // the broker repeats some
            }
        });
        await service.WaitForTargetsAsync(t => t.Count >= 500, "consumption under way");
        await postgres.Server.StopAsync();
        await postgres.Server.RestartAsync();
        await publishing;

        var targets = await service.WaitForTargetsAsync(t => t.Count >= events.Count, "every episode stored after the restart");
        targets.Should().HaveCount(events.Count, "repeats and retried batches add nothing");
        targets.Keys.Should().BeEquivalentTo(events.Select(e => e.EpisodeKey));
    }
}
