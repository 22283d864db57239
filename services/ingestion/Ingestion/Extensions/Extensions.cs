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

        // A store of its own (IIngestionStore), not the host's default one: a host that runs several services in one
        // process (the demo) also has segmentation's store, with its own schema and async daemon.
        builder.Services.AddMartenStore<IIngestionStore>(services =>
            {
                var options = new StoreOptions();
                options.Connection(services.GetRequiredService<Npgsql.NpgsqlDataSource>());
                options.DatabaseSchemaName = "ingestion";
                options.Events.DatabaseSchemaName = "ingestion";
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                options.Projections.Snapshot<PurchaseBatch>(SnapshotLifecycle.Inline);
                return options;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.Solo)
            .AddSubscriptionWithServices<PurchasesIngestedRelay>(ServiceLifetime.Singleton);
        return builder;
    }
}
