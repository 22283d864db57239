using InactiveCustomers.Reengagement.Targets;
using InactiveCustomers.Reengagement.Tests.Consumers;
using InactiveCustomers.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InactiveCustomers.Reengagement.Tests.Targets;

/// <summary>Targets nobody won back within the window expire; reactivated ones and recent ones stay as they are.</summary>
public sealed class TargetExpiryTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task TargetsOlderThanTheWindow_ShouldExpire_UnlessTheCustomerCameBack()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 6, 0, 0, TimeSpan.Zero));
        await using var service = await ReengagementService.StartAsync(postgres, rabbit,
            new Dictionary<string, string?> { [TargetExpiry.Setting] = "30" },
            services => services.AddSingleton<TimeProvider>(clock));
        var waiting = LifecycleEvents.Inactive("waiting".PadLeft(64, '0'));
        var back = LifecycleEvents.Inactive("back".PadLeft(64, '0'));
        await service.Publisher.Publish(waiting);
        await service.Publisher.Publish(back);
        await service.WaitForTargetsAsync(t => t.Count == 2, "both stored");
        await service.Publisher.Publish(LifecycleEvents.Reactivated(back.CustomerId));
        await service.WaitForTargetsAsync(t => t[back.EpisodeKey].Status == "Reactivated", "one came back");

        clock.Advance(TimeSpan.FromDays(29));
        var recent = LifecycleEvents.Inactive("recent".PadLeft(64, '0'));
        await service.Publisher.Publish(recent);
        await service.WaitForTargetsAsync(t => t.Count == 3, "a later target stored");
        var expiry = service.Factory.Services.GetRequiredService<TargetExpiry>();
        (await expiry.ExpireAsync(CancellationToken.None)).Should().Be(0, "29 days is inside the 30-day window");

        clock.Advance(TimeSpan.FromDays(2));
        await expiry.ExpireAsync(CancellationToken.None);

        var targets = await service.TargetsAsync();
        targets[waiting.EpisodeKey].Status.Should().Be("Expired");
        targets[back.EpisodeKey].Status.Should().Be("Reactivated");
        targets[recent.EpisodeKey].Status.Should().Be("Pending", "it was stored two days ago");
    }
}
