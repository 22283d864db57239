using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InactiveCustomers.Contracts;
using InactiveCustomers.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InactiveCustomers.Segmentation.Tests.Runs;

/// <summary>The service's ways to start a run — the API, landed purchases, the schedule — and the runs it shows.</summary>
public sealed class SegmentationRunsApiTests(PostgresFixture postgres, RabbitMqFixture rabbit)
    : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>, IDisposable
{
    private readonly string _folder = TestFolders.New("segmentation-api");

    private TestLake NewLake() => new TestLake(Path.Combine(_folder, $"lake-{Guid.NewGuid():N}"))
        .Buy("A", "2022-01-10", gmv: 500m)
        .Buy("B", "2023-06-01", gmv: 50m)
        .BuyOn("C", "2020-01-01", "2020-02-15", "2020-03-01", "2020-04-01")
        .Land();

    [Fact]
    public async Task PostedRun_ShouldBeAcceptedThenComplete_AndBeListed()
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, NewLake().Layout.Root);

        var response = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf = "2024-01-01" });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var location = response.Headers.Location!.ToString();
        location.Should().MatchRegex("^/api/segmentation-runs/[0-9a-f-]{36}$");
        var run = await service.WaitForAsync(location, body => body.GetProperty("status").GetString() == "completed", "the run completing");
        run.GetProperty("asOf").GetString().Should().Be("2024-01-01");
        run.GetProperty("trigger").GetString().Should().Be("api");
        run.GetProperty("counts").GetProperty("customers").GetInt32().Should().Be(3);
        run.GetProperty("counts").GetProperty("byStatus").GetProperty("Inativo").GetInt32().Should().Be(2);
        run.GetProperty("becameInactive").GetInt32().Should().Be(2);
        run.GetProperty("timingsMs").TryGetProperty("snapshot", out _).Should().BeTrue();

        var list = await service.Client.GetFromJsonAsync<JsonElement>("/api/segmentation-runs");
        list.EnumerateArray().Select(r => r.GetProperty("runId").GetString()).Should().Equal(run.GetProperty("runId").GetString());

        var again = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf = "2024-01-01" });
        again.StatusCode.Should().Be(HttpStatusCode.OK, "the same date on the same data and rules has run already");
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString().Should().Be(run.GetProperty("runId").GetString());
    }

    [Fact]
    public async Task RunWithoutADate_ShouldSegmentAsOfTheLatestPurchase()
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, NewLake().Layout.Root);

        var response = await service.Client.PostAsync(new Uri("/api/segmentation-runs", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var run = await service.WaitForAsync(response.Headers.Location!.ToString(), body => body.GetProperty("status").GetString() == "completed", "the run completing");
        run.GetProperty("asOf").GetString().Should().Be("2023-06-01");
    }

    [Theory]
    [InlineData("01/06/2024")]
    [InlineData("2024-02-30")]
    public async Task BadDate_ShouldBe400NamingTheField(string asOf)
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, NewLake().Layout.Root);

        var response = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Be($"asOf '{asOf}' is not a date in the form YYYY-MM-DD");
        problem.GetProperty("field").GetString().Should().Be("asOf");
    }

    [Fact]
    public async Task EarlierDateThanTheLastRun_ShouldBe409_UnlessARebuildIsAsked()
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, NewLake().Layout.Root);
        var first = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf = "2024-06-30" });
        await service.WaitForAsync(first.Headers.Location!.ToString(), body => body.GetProperty("status").GetString() == "completed", "the first run completing");

        var earlier = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf = "2024-01-01" });

        earlier.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await earlier.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
            .Should().Contain("2024-01-01 is earlier than the last completed run (2024-06-30");

        var rebuild = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf = "2024-01-01", rebuild = true });
        rebuild.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var rebuilt = await service.WaitForAsync(rebuild.Headers.Location!.ToString(), body => body.GetProperty("status").GetString() == "completed", "the rebuild completing");
        rebuilt.GetProperty("generation").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task UnknownRun_ShouldBe404()
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, NewLake().Layout.Root);

        var response = await service.Client.GetAsync(new Uri($"/api/segmentation-runs/{Guid.NewGuid()}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BurstOfLandedBatches_ShouldGiveOneRunOverAllOfThem()
    {
        var lake = NewLake();
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, lake.Layout.Root);
        await using var listener = await Listener.StartAsync(rabbit);
        _ = service.Client; // the service is up and consuming

        // Three batches land 0.3 s apart (the coalescing delay is 1 s), each announced as it lands: a run per
        // announcement would start before the later batches are there.
        foreach (var (customer, day) in new[] { ("D", "2023-07-01"), ("E", "2023-07-02"), ("F", "2023-07-03") })
        {
            lake.Buy(customer, day).Land();
            await listener.Publisher.Publish(Landed(customer));
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        var runs = await service.WaitForAsync("/api/segmentation-runs",
            body => body.EnumerateArray().Any(run => run.GetProperty("status").GetString() == "completed" && run.GetProperty("counts").GetProperty("customers").GetInt32() == 6),
            "a run over every batch of the burst");
        var run = runs.EnumerateArray().Should().ContainSingle("three batches within the coalescing delay give one run").Subject;
        run.GetProperty("trigger").GetString().Should().Be("purchases-ingested");
        run.GetProperty("asOf").GetString().Should().Be("2023-07-03", "the run is as of the latest purchase landed");
        await Eventually.WaitForAsync(() => Task.FromResult(listener.RunsCompleted.Count), count => count == 1, TimeSpan.FromSeconds(30), "SegmentationRunCompleted");
    }

    [Fact]
    public async Task Schedule_ShouldStartARunAtTheConfiguredTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 5, 0, 0, TimeSpan.Zero));
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, NewLake().Layout.Root,
            new Dictionary<string, string?> { ["Segmentation:Schedule"] = "0 6 * * *" },
            services => services.AddSingleton<TimeProvider>(clock));
        _ = service.Client;

        // Each step moves the clock past a 06:00; the scheduler runs once it is waiting for one.
        var runs = await Eventually.WaitForAsync(
            async () =>
            {
                clock.Advance(TimeSpan.FromDays(1));
                return await service.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/segmentation-runs", UriKind.Relative));
            },
            body => body.EnumerateArray().Any(run => run.GetProperty("status").GetString() == "completed"),
            TimeSpan.FromSeconds(60), "a scheduled run");

        runs.EnumerateArray().Select(run => run.GetProperty("trigger").GetString()).Should().AllBe("schedule");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static PurchasesIngested Landed(string customer) => new()
    {
        BatchId = Guid.NewGuid(),
        FileName = $"orders-of-{customer}.csv",
        Sha256 = new string('a', 64),
        RowsRead = 1,
        RowsAccepted = 1,
        RowsRejected = 0,
        DuplicatesDropped = 0,
        MinPurchaseDate = new DateOnly(2023, 7, 1),
        MaxPurchaseDate = new DateOnly(2023, 7, 3),
        Partitions = ["curated/purchases/year=2023/month=07"],
        LandedAt = DateTimeOffset.UtcNow,
    };
}
