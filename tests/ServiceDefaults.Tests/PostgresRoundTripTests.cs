using InactiveCustomers.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InactiveCustomers.ServiceDefaults.Tests;

public class PostgresRoundTripTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task DataSourceFromSettings_ShouldWriteAndReadBackARow()
    {
        var (app, _) = await ServiceHost.StartAsync(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            [PostgresExtensions.SettingName] = postgres.ConnectionString,
        });
        await using var __ = app;
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();

        await using (var create = dataSource.CreateCommand("CREATE TABLE round_trip (customer text PRIMARY KEY, gmv numeric(12,2) NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = dataSource.CreateCommand("INSERT INTO round_trip VALUES ($1, $2)"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = "a7218ff4ee7d37d4" });
            insert.Parameters.Add(new NpgsqlParameter { Value = 89.09m });
            await insert.ExecuteNonQueryAsync();
        }

        await using var select = dataSource.CreateCommand("SELECT gmv FROM round_trip WHERE customer = 'a7218ff4ee7d37d4'");
        (await select.ExecuteScalarAsync()).Should().Be(89.09m);
    }
}
