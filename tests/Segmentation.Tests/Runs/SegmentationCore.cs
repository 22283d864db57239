using InactiveCustomers.Segmentation.Extensions;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.ServiceDefaults;
using InactiveCustomers.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

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
    public async Task<List<(Guid Id, string Stream, string Type)>> LifecycleEventsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, stream_id, type FROM segmentation.mt_events WHERE type IN ('customer_became_inactive_v1', 'customer_reactivated_v1') ORDER BY seq_id",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(Guid, string, string)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
