using System.Net.Http.Json;
using System.Text;
using InactiveCustomers.Ingestion.Batches;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.Ingestion.Tests.Validation;
using InactiveCustomers.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InactiveCustomers.Ingestion.Tests.Upload;

/// <summary>A file received just before the service stopped is landed when it starts again: nothing sent is lost.</summary>
public class BatchResumeTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _lake = TestFolders.New("resume-lake");

    private WebApplicationFactory<Program> Service() =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", postgres.ConnectionString);
            builder.UseSetting("Messaging:Transport", "InMemory");
            builder.UseSetting("Lake:Root", _lake);
        });

    [Fact]
    public async Task ReceivedButNotLanded_ShouldLandAfterARestart()
    {
        var file = PurchaseLines.File(PurchaseLines.Order(900_001), PurchaseLines.Order(900_002), PurchaseLines.Order(900_003));
        Guid batchId;
        await using (var before = Service())
        {
            // What a stop between receipt and landing leaves: the raw bytes, and a stream that says "received".
            var received = await before.Services.GetRequiredService<PurchaseFileIngestor>().ReceiveAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)));
            batchId = received.BatchId;
            await using var session = before.Services.GetRequiredService<IIngestionStore>().LightweightSession();
            session.Events.StartStream<PurchaseBatch>(batchId,
                new PurchaseFileReceived(batchId, "before-restart.csv", received.Sha256, received.RawPath, received.Bytes, "http", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await using var after = Service();
        using var client = after.CreateClient();

        var batch = await Eventually.WaitForAsync(
            async () => (await client.GetFromJsonAsync<PurchaseBatch>(new Uri($"/api/purchase-files/{batchId}", UriKind.Relative), IngestionReport.Json))!,
            b => b.IsFinished, TimeSpan.FromSeconds(60), "the unfinished batch landing after the restart");

        batch.Status.Should().Be(PurchaseBatch.Landed);
        batch.Report!.RowsAccepted.Should().Be(3);
        batch.FileName.Should().Be("before-restart.csv");
    }

    public void Dispose() => Directory.Delete(_lake, recursive: true);
}
