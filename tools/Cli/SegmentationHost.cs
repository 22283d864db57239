using InactiveCustomers.LocalServers;
using InactiveCustomers.Segmentation.Extensions;
using InactiveCustomers.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InactiveCustomers.Cli;

/// <summary>
/// The segmentation core for a command: the lake, and PostgreSQL from <c>ConnectionStrings__Postgres</c> — or, when
/// that is not set, a private cluster kept in <c>.data/postgres</c> beside the default lake, started for the command
/// and stopped after it. Events the command stores are published by the segmentation service's relay when it runs.
/// </summary>
internal sealed class SegmentationHost : IAsyncDisposable
{
    private readonly LocalPostgres? _postgres;

    private SegmentationHost(IHost host, LocalPostgres? postgres)
    {
        Host = host;
        _postgres = postgres;
    }

    public IHost Host { get; }

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>Starts the host; the working folder (for the private cluster) is the lake's parent unless given.</summary>
    public static async Task<SegmentationHost> StartAsync(string lakeRoot, string? dataFolder = null)
    {
        var (connectionString, postgres) = await PostgresAsync(dataFolder ?? Path.GetDirectoryName(Path.GetFullPath(lakeRoot))!);
        try
        {
            // Settings come from the environment only (Segmentation__Rules__…), never from an appsettings.json that
            // happens to be in the working folder; logs go to stderr, so that stdout is the report (or the JSON).
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [PostgresExtensions.SettingName] = connectionString,
                ["Lake:Root"] = lakeRoot,
            });
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);

            builder.AddSegmentationCore();
            var host = builder.Build();
            await host.StartAsync();
            return new SegmentationHost(host, postgres);
        }
        catch
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// <c>ConnectionStrings__Postgres</c> when set; otherwise the private cluster in <c>postgres/</c> of the working
    /// folder, started (durable: fsync on) and returned for the caller to stop.
    /// </summary>
    internal static async Task<(string ConnectionString, LocalPostgres? Cluster)> PostgresAsync(string dataFolder)
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, null);
        }

        var postgres = await LocalPostgres.StartAsync(Path.Combine(dataFolder, "postgres"), durable: true);
        return (postgres.ConnectionString, postgres);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
