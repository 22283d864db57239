using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace InactiveCustomers.TestSupport;

/// <summary>
/// What every service host must do, run against each service: start with its defaults wired on a real PostgreSQL,
/// report ready, serve metrics, and refuse to start on a wrong setting, naming it.
/// </summary>
public abstract class ServiceHostTests<TProgram>(PostgresFixture postgres)
    where TProgram : class
{
    [Fact]
    public async Task Service_ShouldBeLiveAndReadyWithItsDatabaseAndBus()
    {
        await using var factory = Factory(("Messaging:Transport", "InMemory"));
        using var client = factory.CreateClient();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        var checks = JsonDocument.Parse(body).RootElement.GetProperty("checks").EnumerateObject().Select(check => check.Name).ToList();
        Assert.Contains("postgres", checks);
        Assert.Contains(checks, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Service_ShouldServePrometheusMetrics()
    {
        await using var factory = Factory(("Messaging:Transport", "InMemory"));
        using var client = factory.CreateClient();

        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Messaging:Transport", "")]
    [InlineData("Messaging:Transport", "Carrier-Pigeon")]
    [InlineData("ConnectionStrings:Postgres", "")]
    public async Task WrongSetting_ShouldStopStartUpNamingIt(string setting, string value)
    {
        await using var factory = Factory(("Messaging:Transport", "InMemory"), (setting, value));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains($"Setting '{setting}'", error.ToString(), StringComparison.Ordinal);
    }

    private WebApplicationFactory<TProgram> Factory(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<TProgram>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", postgres.ConnectionString);
            builder.UseSetting("Lake:Root", TestFolders.New("lake"));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
}
