using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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
        // The history table first: Npgsql's provider otherwise reads it before creating it on a new database, and EF
        // logs that expected failure as an error at every first start (npgsql/efcore.pg#3407).
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
