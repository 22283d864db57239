using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InactiveCustomers.Reengagement.Tests.Data;

/// <summary>The schema comes from the checked-in migrations, applied when the service starts, and matches the model.</summary>
public sealed class MigrationTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task Model_ShouldHaveNoChangesMissingFromTheMigrations()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        await using var scope = service.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReengagementDb>();

        db.Database.HasPendingModelChanges().Should().BeFalse(
            "a model change needs its migration: dotnet ef migrations add NAME --project services/reengagement/Reengagement --output-dir Data/Migrations");
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty("the service applied every migration at start-up");
        (await db.Database.GetAppliedMigrationsAsync()).Should().Contain(name => name.EndsWith("_Initial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartingTwice_ShouldLeaveTheSchemaAsItIs()
    {
        await using var first = await ReengagementService.StartAsync(postgres, rabbit);
        await first.ExecuteAsync("INSERT INTO reengagement.suppressions (customer_id, created_at) VALUES ('kept', now())");
        await using var scope = first.Factory.Services.CreateAsyncScope();

        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider);

        var db = scope.ServiceProvider.GetRequiredService<ReengagementDb>();
        (await db.Suppressions.CountAsync()).Should().Be(1, "migrating an up-to-date database changes nothing");
    }
}
