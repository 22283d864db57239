using System.Net;
using System.Text.Json;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.ServiceDefaults.Tests;

public class HealthAndMetricsTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private Dictionary<string, string?> Settings => new()
    {
        ["Messaging:Transport"] = "InMemory",
        [PostgresExtensions.SettingName] = postgres.ConnectionString,
    };

    [Fact]
    public async Task ReadyService_ShouldReportBusAndDatabaseHealthy()
    {
        var (app, client) = await ServiceHost.StartAsync(Settings);
        await using var _ = app;

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        live.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        checks.GetProperty("postgres").GetProperty("status").GetString().Should().Be("Healthy");
        checks.EnumerateObject().Select(check => check.Name).Should().Contain(name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task DatabaseDown_ShouldMakeReadyFailButLiveStayUp()
    {
        var (app, client) = await ServiceHost.StartAsync(Settings);
        await using var _ = app;

        await postgres.Server.StopAsync();
        try
        {
            var live = await client.GetAsync("/health/live");
            var ready = await client.GetAsync("/health/ready");

            live.StatusCode.Should().Be(HttpStatusCode.OK);
            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
            checks.GetProperty("postgres").GetProperty("status").GetString().Should().Be("Unhealthy");
        }
        finally
        {
            await postgres.Server.RestartAsync();
        }
    }

    [Fact]
    public async Task Metrics_ShouldBeServedInPrometheusFormat()
    {
        var (app, client) = await ServiceHost.StartAsync(Settings);
        await using var _ = app;
        await client.GetAsync("/health/live");

        var response = await client.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.Should().Contain("# TYPE").And.Contain("http_server_request_duration_seconds_count").And.Contain("http_route=\"/health/live\"");
    }

    [Fact]
    public async Task MissingConnectionString_ShouldStopStartUpNamingTheSetting()
    {
        var act = () => ServiceHost.StartAsync(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            [PostgresExtensions.SettingName] = " ",
        });

        (await act.Should().ThrowAsync<SettingException>()).Which.Setting.Should().Be("ConnectionStrings:Postgres");
    }
}
