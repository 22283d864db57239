using System.Net;
using InactiveCustomers.Ingestion.Extensions;
using InactiveCustomers.Ingestion.Upload;
using InactiveCustomers.LocalServers;
using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.Reengagement.Extensions;
using InactiveCustomers.Segmentation.Extensions;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InactiveCustomers.Cli;

/// <summary>
/// Ingestion, segmentation and reengagement in one ASP.NET Core host on the in-memory bus: the demo's whole system.
/// Their APIs, the dashboard and the health endpoints answer on one loopback address. PostgreSQL comes from
/// <c>ConnectionStrings__Postgres</c> or a private cluster in the working folder. The marketing API trusts tokens
/// signed with a key kept in the working folder (<see cref="DemoTokens"/>), so a demo token works across runs.
/// </summary>
internal sealed class OneProcessHost : IAsyncDisposable
{
    private readonly LocalPostgres? _postgres;
    private readonly byte[] _signingKey;

    private OneProcessHost(WebApplication app, LocalPostgres? postgres, byte[] signingKey)
    {
        App = app;
        _postgres = postgres;
        _signingKey = signingKey;
    }

    public WebApplication App { get; }

    /// <summary>Where the APIs and the dashboard answer, e.g. http://127.0.0.1:5080.</summary>
    public Uri Address => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<OneProcessHost> StartAsync(string dataFolder, string lakeRoot, int port, CancellationToken cancellationToken)
    {
        var (connectionString, postgres) = await SegmentationHost.PostgresAsync(dataFolder);
        try
        {
            var signingKey = DemoTokens.SigningKey(dataFolder);
            // Settings from the environment only, never from an appsettings.json that happens to be in the folder.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataFolder, Args = [] });
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [PostgresExtensions.SettingName] = connectionString,
                ["Lake:Root"] = lakeRoot,
                ["Messaging:Transport"] = "InMemory",
                ["Segmentation:CoalesceSeconds"] = "2",
            });
            builder.Configuration.AddInMemoryCollection(DemoTokens.Settings(signingKey));
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);

            builder.AddServiceDefaults("inactive-customers");
            builder.AddSegmentation(); // first: its PostgreSQL tuning is the host's (see AddPostgres)
            builder.AddIngestion();
            builder.AddReengagementCore();
            builder.AddReengagementApi();
            builder.AddMessaging(bus =>
            {
                bus.AddConsumer<PurchasesIngestedConsumer>();
                bus.AddReengagementConsumers();
            });

            var app = builder.Build();
            await DatabaseMigrator.MigrateAsync(app.Services, cancellationToken);
            app.MapDefaultEndpoints();
            app.MapPurchaseFilesApi();
            app.MapSegmentation();
            app.MapReengagement();
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await app.DisposeAsync();
                throw new SettingException("--port", $"is {port}, which another program already uses: choose another one (--port 5090)");
            }

            return new OneProcessHost(app, postgres, signingKey);
        }
        catch
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A bearer token for the marketing API (roles read and write), valid for <paramref name="lifetime"/>.</summary>
    public string IssueToken(TimeSpan lifetime) => DemoTokens.Issue(_signingKey, lifetime);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
