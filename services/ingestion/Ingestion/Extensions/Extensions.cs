using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Batches;
using InactiveCustomers.Ingestion.DropFolder;
using InactiveCustomers.Ingestion.Landing;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace InactiveCustomers.Ingestion.Extensions;

public static class Extensions
{
    /// <summary>The ingestion feature: lake and catalog, the batch event store and its relay, the ways in.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var settings = IngestionSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => LocalCatalog.Open(new LakeLayout(settings.LakeRoot)));
        builder.Services.AddSingleton<PurchaseFileIngestor>();
        builder.Services.AddSingleton<PurchaseBatches>();
        builder.Services.AddHostedService<BatchLandingWorker>();
        builder.Services.AddHostedService<DropFolderWatcher>();

        builder.Services.AddMarten(options =>
            {
                options.DatabaseSchemaName = "ingestion";
                options.Events.DatabaseSchemaName = "ingestion";
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                options.Projections.Snapshot<PurchaseBatch>(SnapshotLifecycle.Inline);
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.Solo)
            .AddSubscriptionWithServices<PurchasesIngestedRelay>(ServiceLifetime.Singleton);
        return builder;
    }
}
