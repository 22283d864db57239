using InactiveCustomers.LocalServers;
using Xunit;

namespace InactiveCustomers.TestSupport;

/// <summary>A real, throwaway PostgreSQL server for one test class or collection; stopped and removed afterwards.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private LocalPostgres? _server;

    public LocalPostgres Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started");

    public string ConnectionString => Server.ConnectionString;

    /// <summary>A fresh database of its own on this server, so that a test sees nothing another one stored.</summary>
    public Task<string> NewDatabaseAsync() => Server.CreateDatabaseAsync("test_" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync() => _server = await LocalPostgres.StartAsync(TestFolders.New("postgres"));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            Directory.Delete(_server.Root, recursive: true);
        }
    }
}
