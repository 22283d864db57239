using System.Net.Http.Json;
using System.Text.Json;
using InactiveCustomers.Segmentation.Tests.Runs;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Segmentation.Tests.Lifecycle;

/// <summary>
/// The lifecycle events leave through the event store: what a run stored reaches a consumer on the real broker,
/// once, under the stored event's id; and the customer's history reads back from the store.
/// </summary>
public sealed class LifecycleRelayTests(PostgresFixture postgres, RabbitMqFixture rabbit)
    : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _folder = TestFolders.New("segmentation-relay");

    [Fact]
    public async Task StoredTransitions_ShouldReachAConsumerOverRabbitMq_UnderTheirStoredIds()
    {
        var lake = new TestLake(Path.Combine(_folder, "lake"))
            .Buy("A", "2022-01-10", gmv: 500m)
            .Buy("B", "2023-06-01", gmv: 50m)
            .BuyOn("C", "2020-01-01", "2020-02-15", "2020-03-01", "2020-04-01")
            .Land();
        await using var listener = await Listener.StartAsync(rabbit);
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, lake.Layout.Root);

        var first = await RunAsync(service, "2024-01-01");

        await Eventually.WaitForAsync(() => Task.FromResult(listener.BecameInactive.Count), count => count >= 2, Patience, "two CustomerBecameInactive");
        await Eventually.WaitForAsync(() => Task.FromResult(listener.RunsCompleted.Count), count => count >= 1, Patience, "SegmentationRunCompleted");
        var stored = await service.LifecycleEventsAsync();
        listener.BecameInactive.Select(e => e.MessageId).Should().BeEquivalentTo(stored.Select(e => (Guid?)e.Id), "the message id is the stored event's id");
        var a = listener.BecameInactive.Single(e => e.Message.CustomerId == "A").Message;
        a.EpisodeKey.Should().Be("A:2022-01-10");
        a.RunId.ToString().Should().Be(first.GetProperty("runId").GetString());
        a.Customer.Profile.Should().Be("Inativo de Alto Valor");
        a.Reasons[0].Should().Be("recência de 721 dias > limite de 365 dias (padrão)");
        var completed = listener.RunsCompleted.Single();
        completed.Customers.Should().Be(3);
        completed.BecameInactive.Should().Be(2);

        lake.Buy("A", "2024-02-15").Land();
        await RunAsync(service, "2024-06-30");

        var reactivated = (await Eventually.WaitForAsync(() => Task.FromResult(listener.Reactivated.ToList()), list => list.Count >= 1, Patience, "CustomerReactivated")).Single();
        reactivated.Message.CustomerId.Should().Be("A");
        reactivated.Message.ReactivatedOn.Should().Be(new DateOnly(2024, 2, 15));
        await Eventually.WaitForAsync(() => Task.FromResult(listener.BecameInactive.Count), count => count >= 3, Patience, "B's CustomerBecameInactive");
        await Eventually.WaitForAsync(() => Task.FromResult(listener.RunsCompleted.Count), count => count >= 2, Patience, "the second SegmentationRunCompleted");
        listener.BecameInactive.Should().HaveCount(3, "each episode is published once");
        listener.Reactivated.Should().HaveCount(1);
    }

    [Fact]
    public async Task Customer_ShouldShowTheLatestRowWithReasonsAndTheWholeHistory()
    {
        var lake = new TestLake(Path.Combine(_folder, "lake-customer"))
            .Buy("A", "2022-01-10", gmv: 500m)
            .Buy("B", "2023-06-01", gmv: 50m)
            .Land();
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, lake.Layout.Root);
        await RunAsync(service, "2024-01-01");
        lake.Buy("A", "2024-02-15").Land();
        var latest = await RunAsync(service, "2024-03-01");

        var customer = await service.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/customers/A", UriKind.Relative));

        customer.GetProperty("runId").GetString().Should().Be(latest.GetProperty("runId").GetString());
        var row = customer.GetProperty("latest");
        row.GetProperty("fk_contact").GetString().Should().Be("A");
        row.GetProperty("status_cliente").GetString().Should().Be("Ativo");
        row.GetProperty("ultima_compra").GetString().Should().Be("2024-02-15");
        customer.GetProperty("reasons")[0].GetString().Should().StartWith("recência de 15 dias ≤");
        var history = customer.GetProperty("history").EnumerateArray().ToList();
        history.Select(entry => entry.GetProperty("type").GetString()).Should().Equal("CustomerBecameInactive", "CustomerReactivated");
        history[1].GetProperty("reactivatedOn").GetString().Should().Be("2024-02-15");

        var unknown = await service.Client.GetAsync(new Uri("/api/customers/nobody", UriKind.Relative));
        unknown.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("has no purchase in the run as of 2024-03-01");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<JsonElement> RunAsync(SegmentationService service, string asOf)
    {
        var response = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf });
        response.EnsureSuccessStatusCode();
        return await service.WaitForAsync(response.Headers.Location!.ToString(), body => body.GetProperty("status").GetString() == "completed", $"the run as of {asOf}");
    }
}
