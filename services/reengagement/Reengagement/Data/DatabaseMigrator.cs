using Microsoft.EntityFrameworkCore;

namespace InactiveCustomers.Reengagement.Data;

/// <summary>
/// Brings the database to the latest checked-in migration. The service runs it at start-up before anything
/// consumes; <c>--migrate-only</c> runs it alone and exits (a Kubernetes Job or init container).
/// </summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReengagementDb>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
