using System.Net.Http.Json;
using System.Text.Json;
using InactiveCustomers.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InactiveCustomers.Segmentation.Tests;

/// <summary>
/// The segmentation service as deployed: its host with the relay and the triggers, on its own fresh database of a
/// real PostgreSQL and on a real RabbitMQ node, over a test lake.
/// </summary>
internal sealed class SegmentationService : IAsyncDisposable
{
    private SegmentationService(WebApplicationFactory<Program> factory, string connectionString)
    {
        Factory = factory;
        ConnectionString = connectionString;
        Client = factory.CreateClient();
    }

    /// <summary>The service's address on a real loopback port, when started with <c>kestrel: true</c> (for a browser).</summary>
    public Uri Address => new(Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public string ConnectionString { get; }

    public static async Task<SegmentationService> StartAsync(
        PostgresFixture postgres, RabbitMqFixture rabbit, string lakeRoot, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        bool kestrel = false)
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            foreach (var (key, value) in rabbit.Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Lake:Root", lakeRoot);
            builder.UseSetting("Segmentation:CoalesceSeconds", "1");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        if (kestrel)
        {
            factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
            factory.StartServer();
        }

        return new SegmentationService(factory, connectionString);
    }

    /// <summary>GETs <paramref name="path"/> until <paramref name="done"/> holds for its JSON body.</summary>
    public Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> done, string what) =>
        Eventually.WaitForAsync(
            async () => await Client.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative)),
            done, TimeSpan.FromSeconds(60), what);

    /// <summary>Every lifecycle event in the store: (event id, stream, type), in the order stored.</summary>
    public Task<List<(Guid Id, string Stream, string Type)>> LifecycleEventsAsync() => StoredLifecycleEvents.ReadAsync(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
