using InactiveCustomers.LocalServers;
using InactiveCustomers.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Npgsql;

namespace InactiveCustomers.Reengagement.Tests;

/// <summary>
/// The reengagement service as deployed: its host (migrated at start-up) on its own fresh database of a real
/// PostgreSQL and on a real RabbitMQ node, with a publisher on the same broker standing in for segmentation's relay.
/// </summary>
internal sealed class ReengagementService : IAsyncDisposable
{
    private readonly IBusControl _publisher;

    private ReengagementService(WebApplicationFactory<Program> factory, string connectionString, IBusControl publisher)
    {
        Factory = factory;
        ConnectionString = connectionString;
        _publisher = publisher;
        Client = factory.CreateClient(); // starts the host: migrations, then the consumers
    }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public string ConnectionString { get; }

    public IPublishEndpoint Publisher => _publisher;

    /// <summary>A client that sends a bearer token with <paramref name="roles"/>.</summary>
    public HttpClient ClientAs(params string[] roles)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Issue("ana", roles));
        return client;
    }

    public static async Task<ReengagementService> StartAsync(
        PostgresFixture postgres, RabbitMqFixture rabbit, IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            foreach (var (key, value) in rabbit.Settings.Concat(Tokens.Settings).Concat(settings ?? new Dictionary<string, string?>()))
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        var publisher = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(rabbit.Server.Host, (ushort)rabbit.Server.Port, "/", host =>
        {
            host.Username(LocalRabbitMq.Username);
            host.Password(LocalRabbitMq.Password);
        }));
        await publisher.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return new ReengagementService(factory, connectionString, publisher);
    }

    /// <summary>The targets in the database, by episode key.</summary>
    public async Task<Dictionary<string, StoredTarget>> TargetsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false"); // survives a server restart
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT episode_key, customer_id, status, suppressed, reactivated_on, perfil_cliente, valor_total_gasto, inactive_since, reasons, id FROM reengagement.campaign_targets",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var targets = new Dictionary<string, StoredTarget>();
        while (await reader.ReadAsync())
        {
            targets.Add(reader.GetString(0), new StoredTarget(
                reader.GetString(1), reader.GetString(2), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4),
                reader.GetString(5), reader.GetDecimal(6), reader.GetFieldValue<DateOnly>(7), reader.GetFieldValue<string[]>(8), reader.GetInt64(9)));
        }

        return targets;
    }

    /// <summary>Waits until <paramref name="done"/> holds for the stored targets.</summary>
    public Task<Dictionary<string, StoredTarget>> WaitForTargetsAsync(Func<Dictionary<string, StoredTarget>, bool> done, string what) =>
        Eventually.WaitForAsync(TargetsAsync, done, TimeSpan.FromSeconds(60), what);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false"); // survives a server restart
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _publisher.StopAsync();
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}

internal sealed record StoredTarget(
    string CustomerId, string Status, bool Suppressed, DateOnly? ReactivatedOn, string Perfil, decimal Valor, DateOnly InactiveSince, string[] Reasons, long Id);
