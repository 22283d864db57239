using InactiveCustomers.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InactiveCustomers.Ingestion.Tests.Upload;

/// <summary>The ingestion service on a real PostgreSQL and RabbitMQ, with its own lake and drop folder.</summary>
public sealed class IngestionServiceFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 4 << 20;

    public PostgresFixture Postgres { get; } = new();

    public RabbitMqFixture RabbitMq { get; } = new();

    public string Folder { get; } = TestFolders.New("ingestion-service");

    public string DropFolder => Path.Combine(Folder, "drop");

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), RabbitMq.InitializeAsync());
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", Postgres.ConnectionString);
            foreach (var (key, value) in RabbitMq.Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Lake:Root", Path.Combine(Folder, "lake"));
            builder.UseSetting("Ingestion:DropFolder", DropFolder);
            builder.UseSetting("Ingestion:DropFolderPollSeconds", "1");
            builder.UseSetting("Ingestion:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        Client = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Task.WhenAll(Postgres.DisposeAsync(), RabbitMq.DisposeAsync());
        Directory.Delete(Folder, recursive: true);
    }
}
