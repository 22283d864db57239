using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InactiveCustomers.LocalServers;
using InactiveCustomers.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace InactiveCustomers.Cli.Tests;

/// <summary>
/// The production topology on one machine, end to end: <c>inactive-customers up</c> starts PostgreSQL, RabbitMQ and
/// the three services as separate processes; a purchase file POSTed to ingestion over HTTP ends as campaign targets in
/// the reengagement API, and a consumer outside the system, bound to RabbitMQ as marketing automation would be,
/// receives every <c>CustomerBecameInactive</c>; the dashboard, served by segmentation, lists a segment's targets from
/// the reengagement process in a real browser.
/// </summary>
public sealed class UpCommandTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = TestFolders.New("up");

    [Fact]
    public async Task Up_ShouldCarryAPostedFile_ToTargetsInTheApi_AndToAnExternalConsumer()
    {
        var data = Path.Combine(_folder, "data");
        var port = FreePort.NextRange(4);
        using var up = Tool.Start(["up", "--data", data, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = string.Empty, ["Messaging__RabbitMq__Host"] = string.Empty });
        await up.WaitForAsync("Running until Ctrl-C", Timeout);
        var ingestion = new Uri($"http://127.0.0.1:{port}");
        var segmentation = new Uri($"http://127.0.0.1:{port + 1}");
        var reengagement = new Uri($"http://127.0.0.1:{port + 2}");
        using var http = new HttpClient();
        await using var automation = await ExternalConsumer.StartAsync(port + 3);

        var file = Path.Combine(_folder, "purchases.csv");
        (await Tool.RunAsync("generate", "--rows", "3000", "--out", file)).Code.Should().Be(0);
        using var body = new StreamContent(File.OpenRead(file)) { Headers = { ContentType = new("text/csv") } };
        var posted = await http.PostAsync(new Uri(ingestion, "/api/purchase-files?fileName=purchases.csv"), body);
        posted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var batch = await Eventually.WaitForAsync(
            () => http.GetFromJsonAsync<JsonElement>(new Uri(ingestion, posted.Headers.Location!)),
            b => b.GetProperty("status").GetString() is "landed" or "refused", Timeout, "the batch landing");
        batch.GetProperty("status").GetString().Should().Be("landed");

        // Ingestion announced the batch on RabbitMQ; segmentation, another process, runs on its own.
        var run = await Eventually.WaitForAsync(
            () => http.GetFromJsonAsync<JsonElement>(new Uri(segmentation, "/api/segmentation-runs")),
            runs => runs.EnumerateArray().Any(r => r.GetProperty("status").GetString() == "completed"), Timeout, "a segmentation run after the batch");
        var becameInactive = run.EnumerateArray().First(r => r.GetProperty("status").GetString() == "completed").GetProperty("becameInactive").GetInt32();
        becameInactive.Should().BeGreaterThan(100);

        await Eventually.WaitForAsync(() => Task.FromResult(automation.BecameInactive.Count), count => count >= becameInactive, Timeout,
            $"{becameInactive} CustomerBecameInactive at the external consumer");
        automation.BecameInactive.Should().HaveCount(becameInactive, "each event once");
        automation.BecameInactive.Select(e => e.CustomerId).Should().OnlyHaveUniqueItems();
        automation.BecameInactive.Select(e => e.MessageType).Should().AllBe("urn:message:inactive-customers:customer-became-inactive:v1");
        automation.BecameInactive.Select(e => e.PerfilCliente).Should().AllSatisfy(perfil => perfil.Should().StartWith("Inativo de"));

        var token = Tool.PrintedToken(up.Stdout);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var exported = await Eventually.WaitForAsync(
            async () => (await http.GetStringAsync(new Uri(reengagement, "/api/targets/export"))).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            lines => lines.Length - 1 >= becameInactive, Timeout, $"{becameInactive} targets in the reengagement API");
        exported.Skip(1).Should().HaveCount(becameInactive, "one campaign target per CustomerBecameInactive");
        var first = (await http.GetFromJsonAsync<JsonElement>(new Uri(reengagement, "/api/targets?limit=1"))).GetProperty("items")[0];
        automation.BecameInactive.Select(e => e.CustomerId).Should().Contain(first.GetProperty("customerId").GetString());

        var config = await http.GetFromJsonAsync<JsonElement>(new Uri(segmentation, "/dashboard/config.json"));
        config.GetProperty("targetsApi").GetString().Should().Be(reengagement.ToString().TrimEnd('/'), "the dashboard's target pages call the reengagement process");
        await DashboardTargetsPage.ShouldListTheSegmentAsync(chromium, segmentation, token); // across origins: CORS in a real browser

        var stopped = await up.InterruptAsync();

        stopped.Code.Should().Be(0, stopped.Output);
        foreach (var service in new[] { ingestion, segmentation, reengagement })
        {
            FreePort.IsListening(service.Port).Should().BeFalse($"Ctrl-C stops the service on {service}");
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// Marketing automation outside the system, in the broker's own terms: a queue bound to the event's exchange,
    /// reading MassTransit's JSON envelope without MassTransit.
    /// </summary>
    private sealed class ExternalConsumer : IAsyncDisposable
    {
        private readonly IConnection _connection;

        private ExternalConsumer(IConnection connection) => _connection = connection;

        public ConcurrentBag<(string CustomerId, string MessageType, string PerfilCliente)> BecameInactive { get; } = [];

        public static async Task<ExternalConsumer> StartAsync(int port)
        {
            var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = port, UserName = LocalRabbitMq.Username, Password = LocalRabbitMq.Password };
            var connection = await factory.CreateConnectionAsync();
            var consumer = new ExternalConsumer(connection);
            var channel = await connection.CreateChannelAsync();
            var queue = (await channel.QueueDeclareAsync("marketing-automation-test", durable: false, exclusive: true, autoDelete: true)).QueueName;
            const string exchange = "InactiveCustomers.Contracts:CustomerBecameInactive";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, string.Empty);
            var receiver = new AsyncEventingBasicConsumer(channel);
            receiver.ReceivedAsync += (_, delivery) =>
            {
                using var envelope = JsonDocument.Parse(delivery.Body);
                var message = envelope.RootElement.GetProperty("message");
                consumer.BecameInactive.Add((
                    message.GetProperty("customerId").GetString()!,
                    envelope.RootElement.GetProperty("messageType")[0].GetString()!,
                    message.GetProperty("customer").GetProperty("perfil_cliente").GetString()!));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, receiver);
            return consumer;
        }

        public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
    }
}
