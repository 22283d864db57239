using InactiveCustomers.Contracts;
using InactiveCustomers.DataLake;
using InactiveCustomers.Segmentation.Lifecycle;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.Segmentation.Views;
using InactiveCustomers.ServiceDefaults;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace InactiveCustomers.Segmentation.Extensions;

public static class Extensions
{
    /// <summary>
    /// The segmentation core: rules, the run and lifecycle event store, the runner. What the command-line tool uses;
    /// the service adds the triggers and the relay with <see cref="AddSegmentation"/>. Includes the PostgreSQL
    /// connection (ConnectionStrings:Postgres), tuned for the event store's queries (<see cref="TunePlanner"/>).
    /// </summary>
    public static IHostApplicationBuilder AddSegmentationCore(this IHostApplicationBuilder builder, bool relay = false)
    {
        builder.AddPostgres(TunePlanner);
        var settings = SegmentationSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(SegmentationRules.Read(builder.Configuration));
        builder.Services.AddSingleton(new LakeLayout(settings.LakeRoot));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LifecycleTransitions>();
        builder.Services.AddSingleton<SegmentationRunner>();

        var marten = builder.Services.AddMarten(options =>
            {
                options.DatabaseSchemaName = "segmentation";
                options.Events.DatabaseSchemaName = "segmentation";
                options.Events.StreamIdentity = StreamIdentity.AsString;
                options.Events.AppendMode = EventAppendMode.Quick;
                options.Events.EnableUniqueIndexOnEventId = true;
                options.Events.MapEventType<CustomerBecameInactive>(LifecycleTransitions.BecameInactiveType);
                options.Events.MapEventType<CustomerReactivated>(LifecycleTransitions.ReactivatedType);
                options.Events.MapEventType<SegmentationRunStarted>("segmentation_run_started");
                options.Events.MapEventType<SegmentationRunSucceeded>("segmentation_run_succeeded");
                options.Events.MapEventType<SegmentationRunFailed>("segmentation_run_failed");
                options.Events.MapEventType<LifecycleRebuilt>("lifecycle_rebuilt");
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                options.Projections.Snapshot<SegmentationRun>(SnapshotLifecycle.Inline);
                options.Projections.Snapshot<LifecycleState>(SnapshotLifecycle.Inline);
                options.Schema.For<SegmentationRun>().Index(run => run.AsOf);
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        if (relay)
        {
            // Pages of 5,000 events (about 11 MB): measured 15.7k events/s relayed alone at full size, 14.0k with 1,000.
            marten.AddAsyncDaemon(DaemonMode.Solo)
                .AddSubscriptionWithServices<LifecycleRelay>(ServiceLifetime.Singleton, subscription => subscription.Options.BatchSize = 5000);
        }

        return builder;
    }

    /// <summary>
    /// Sessions of this service plan with <c>random_page_cost = 1.1</c>, the usual value for SSD storage (PostgreSQL's
    /// default of 4 assumes spinning disks). The relay's page query joins a range of events to their streams; with the
    /// default, PostgreSQL hashes the whole stream table (one row per customer) for every page — measured 125 ms a page
    /// at 590k customers against 12 ms with the index. A <c>-c random_page_cost=…</c> already in the connection
    /// string's Options wins.
    /// </summary>
    public static void TunePlanner(Npgsql.NpgsqlDataSourceBuilder dataSource)
    {
        var options = dataSource.ConnectionStringBuilder.Options ?? string.Empty;
        if (!options.Contains("random_page_cost", StringComparison.Ordinal))
        {
            dataSource.ConnectionStringBuilder.Options = (options + " -c random_page_cost=1.1").Trim();
        }
    }

    /// <summary>The segmentation service: the core, the relay, and the triggers (purchases landed, API, schedule).</summary>
    public static IHostApplicationBuilder AddSegmentation(this IHostApplicationBuilder builder)
    {
        builder.AddSegmentationCore(relay: true);
        builder.Services.AddSingleton<RunScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RunScheduler>());
        return builder;
    }

    /// <summary>The service's APIs and the dashboard page.</summary>
    public static WebApplication MapSegmentation(this WebApplication app)
    {
        app.UseDashboardPage();
        app.MapSegmentationRunsApi();
        app.MapCustomersApi();
        app.MapDashboardApi();
        return app;
    }
}
