using System.Globalization;
using InactiveCustomers.LocalServers;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace InactiveCustomers.ServiceDefaults.Tests;

/// <summary>A minimal service wired the way every InactiveCustomers service is, on a real Kestrel port.</summary>
internal static class ServiceHost
{
    public static async Task<(WebApplication App, HttpClient Client)> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var builder = WebApplication.CreateBuilder();
        var port = FreePort.Next();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddServiceDefaults("test-service");
        if (settings.ContainsKey(PostgresExtensions.SettingName))
        {
            builder.AddPostgres();
        }

        builder.AddMessaging(consumers);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
        return (app, client);
    }
}
