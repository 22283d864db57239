using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using InactiveCustomers.Contracts;
using InactiveCustomers.Ingestion.Batches;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.Ingestion.Tests.Validation;
using InactiveCustomers.ServiceDefaults;
using InactiveCustomers.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InactiveCustomers.Ingestion.Tests.Upload;

/// <summary>The ways in over HTTP and the drop folder, and the event that announces a landed batch.</summary>
public class PurchaseFilesApiTests(IngestionServiceFixture service) : IClassFixture<IngestionServiceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static int _nextOrder = 1_000;

    private static string UniqueFile(int orders, params string[] extraLines)
    {
        var first = Interlocked.Add(ref _nextOrder, orders) - orders;
        return PurchaseLines.File([.. Enumerable.Range(first, orders).Select(id => PurchaseLines.Order(id)), .. extraLines]);
    }

    private async Task<PurchaseBatch> LandedAsync(Uri location) =>
        await Eventually.WaitForAsync(
            async () => (await service.Client.GetFromJsonAsync<PurchaseBatch>(location, IngestionReport.Json))!,
            batch => batch.IsFinished, Patience, $"batch {location} finishing");

    [Fact]
    public async Task PostedFile_ShouldBeAcceptedThenLandWithItsReport()
    {
        var file = UniqueFile(5, PurchaseLines.Order(1, (2, "2019-02-30")));

        var response = await service.Client.PostAsync(new Uri("/api/purchase-files?fileName=march.csv", UriKind.Relative), new StringContent(file, Encoding.UTF8, "text/csv"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var accepted = (await response.Content.ReadFromJsonAsync<PurchaseBatch>(IngestionReport.Json))!;
        response.Headers.Location.Should().Be(new Uri($"/api/purchase-files/{accepted.Id}", UriKind.Relative));
        var batch = await LandedAsync(response.Headers.Location!);
        batch.Status.Should().Be(PurchaseBatch.Landed);
        batch.FileName.Should().Be("march.csv");
        batch.Report!.RowsAccepted.Should().Be(5);
        batch.Report.RejectsByReason.Should().Equal(new Dictionary<string, long> { ["invalid-date"] = 1 });
        batch.Report.TimingsMs.Keys.Should().Contain(["validate", "write", "commit"]);
    }

    [Fact]
    public async Task SameBytesAgain_ShouldReturnTheEarlierBatch()
    {
        var file = UniqueFile(3);
        var first = await service.Client.PostAsync(new Uri("/api/purchase-files", UriKind.Relative), new StringContent(file));
        var landed = await LandedAsync(first.Headers.Location!);

        var again = await service.Client.PostAsync(new Uri("/api/purchase-files?fileName=other-name.csv", UriKind.Relative), new StringContent(file));

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<PurchaseBatch>(IngestionReport.Json))!.Id.Should().Be(landed.Id);
        again.Headers.Location.Should().Be(first.Headers.Location);
    }

    [Fact]
    public async Task GzipBody_ShouldBeDecompressed()
    {
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(UniqueFile(4)));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");

        var response = await service.Client.PostAsync(new Uri("/api/purchase-files", UriKind.Relative), content);

        (await LandedAsync(response.Headers.Location!)).Report!.RowsAccepted.Should().Be(4);
    }

    [Fact]
    public async Task BodyOverTheLimit_ShouldBeRefusedWith413()
    {
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(new byte[IngestionServiceFixture.MaxUploadBytes + 1]);
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");

        var response = await service.Client.PostAsync(new Uri("/api/purchase-files", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, "a small gzip body can expand past the limit");
        (await response.Content.ReadAsStringAsync()).Should().Contain("Ingestion:MaxUploadBytes");
    }

    [Fact]
    public async Task UnknownContentEncoding_ShouldBeRefusedWith415()
    {
        var content = new StringContent(UniqueFile(1));
        content.Headers.ContentEncoding.Add("br");

        var response = await service.Client.PostAsync(new Uri("/api/purchase-files", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task RefusedFile_ShouldSayWhyInItsStatus()
    {
        var response = await service.Client.PostAsync(new Uri("/api/purchase-files", UriKind.Relative), new StringContent(UniqueFile(2).Replace(',', ';')));

        var batch = await LandedAsync(response.Headers.Location!);

        batch.Status.Should().Be(PurchaseBatch.Refused);
        batch.Message.Should().Contain("separated by ';'");
    }

    [Fact]
    public async Task LandedRows_ShouldShowInTheMetrics()
    {
        var response = await service.Client.PostAsync(new Uri("/api/purchase-files", UriKind.Relative), new StringContent(UniqueFile(3)));
        await LandedAsync(response.Headers.Location!);

        var metrics = await service.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        metrics.Should().Contain("ingestion_rows_accepted").And.Contain("ingestion_batches").And.Contain("ingestion_throughput");
    }

    [Fact]
    public async Task UnknownBatch_ShouldBe404()
    {
        var response = await service.Client.GetAsync(new Uri($"/api/purchase-files/{Guid.NewGuid()}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FileInTheDropFolder_ShouldBeIngestedOnceAndMovedAside()
    {
        Directory.CreateDirectory(service.DropFolder);
        var partial = Path.Combine(service.DropFolder, "dropped.csv.partial");
        await File.WriteAllTextAsync(partial, UniqueFile(6));
        File.Move(partial, Path.Combine(service.DropFolder, "dropped.csv"));

        var receipt = await Eventually.WaitForAsync(
            () => Task.FromResult(Directory.GetFiles(Path.Combine(service.DropFolder, "_accepted"), "*dropped.csv.receipt.json")),
            files => files.Length == 1, Patience, "the dropped file being moved aside");

        File.Exists(Path.Combine(service.DropFolder, "dropped.csv")).Should().BeFalse();
        var status = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(receipt[0])).RootElement.GetProperty("status").GetString()!;
        var batch = await LandedAsync(new Uri(status, UriKind.Relative));
        batch.Source.Should().Be("drop-folder");
        batch.Report!.RowsAccepted.Should().Be(6);
    }

    [Fact]
    public async Task LandedBatch_ShouldBeAnnouncedOverRabbitMq()
    {
        var announcements = new PurchasesIngestedProbe();
        var listener = Host.CreateApplicationBuilder();
        foreach (var (key, value) in service.RabbitMq.Settings)
        {
            listener.Configuration[key] = value;
        }

        listener.Services.AddSingleton(announcements);
        listener.AddMessaging(bus => bus.AddConsumer<PurchasesIngestedProbeConsumer>());
        using var host = listener.Build();
        await host.StartAsync();

        var response = await service.Client.PostAsync(new Uri("/api/purchase-files", UriKind.Relative), new StringContent(UniqueFile(7)));
        var batch = await LandedAsync(response.Headers.Location!);

        var messages = await Eventually.WaitForAsync(
            () => Task.FromResult(announcements.Received.Where(m => m.Message.BatchId == batch.Id).ToList()),
            m => m.Count > 0, Patience, "PurchasesIngested arriving");
        var message = messages[0];
        message.Message.RowsAccepted.Should().Be(7);
        message.Message.Partitions.Should().Equal("curated/purchases/year=2018/month=12");
        message.MessageId.Should().NotBeNull();
        await host.StopAsync();
    }

    internal sealed class PurchasesIngestedProbe
    {
        public System.Collections.Concurrent.ConcurrentBag<(PurchasesIngested Message, Guid? MessageId)> Received { get; } = [];
    }

    internal sealed class PurchasesIngestedProbeConsumer(PurchasesIngestedProbe probe) : IConsumer<PurchasesIngested>
    {
        public Task Consume(ConsumeContext<PurchasesIngested> context)
        {
            probe.Received.Add((context.Message, context.MessageId));
            return Task.CompletedTask;
        }
    }
}
