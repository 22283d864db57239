using InactiveCustomers.Segmentation.Extensions;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.ServiceDefaults;
using InactiveCustomers.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InactiveCustomers.Segmentation.Tests.Runs;

/// <summary>The segmentation core (runner, event store) on its own fresh database of a real PostgreSQL, over a test lake.</summary>
internal sealed class SegmentationCore : IAsyncDisposable
{
    private SegmentationCore(IHost host, string connectionString)
    {
        Host = host;
        ConnectionString = connectionString;
    }

    public IHost Host { get; }

    public string ConnectionString { get; }

    public SegmentationRunner Runner => Host.Services.GetRequiredService<SegmentationRunner>();

    public static async Task<SegmentationCore> StartAsync(PostgresFixture postgres, string lakeRoot, IDictionary<string, string?>? settings = null)
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration[PostgresExtensions.SettingName] = connectionString;
        builder.Configuration["Lake:Root"] = lakeRoot;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddSegmentationCore();
        var host = builder.Build();
        await host.StartAsync();
        return new SegmentationCore(host, connectionString);
    }

    public Task<RunOutcome> RunAsync(string? asOf, bool rebuild = false) =>
        Runner.RunAsync(new RunRequest(asOf is null ? null : DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), "test", rebuild), CancellationToken.None);

    /// <summary>Every lifecycle event in the store: (event id, stream, type), in the order stored.</summary>
    public Task<List<(Guid Id, string Stream, string Type)>> LifecycleEventsAsync() => StoredLifecycleEvents.ReadAsync(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
