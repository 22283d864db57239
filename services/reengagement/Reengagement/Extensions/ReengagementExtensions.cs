using InactiveCustomers.Reengagement.Api;
using InactiveCustomers.Reengagement.Consumers;
using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.Reengagement.Targets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace InactiveCustomers.Reengagement.Extensions;

/// <summary>The reengagement service's parts, for its own host and for hosts that run several services in one process.</summary>
public static class ReengagementExtensions
{
    /// <summary>The database (migrated by <see cref="DatabaseMigrator"/>), the target writer and the expiry.</summary>
    public static IHostApplicationBuilder AddReengagementCore(this IHostApplicationBuilder builder)
    {
        builder.AddReengagementDb();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TargetWriter>();
        builder.Services.AddSingleton<TargetExpiry>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TargetExpiry>());
        return builder;
    }

    /// <summary>The lifecycle consumers, for the host's MassTransit registration.</summary>
    public static void AddReengagementConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CustomerBecameInactiveConsumer>(typeof(LifecycleBatchDefinition<CustomerBecameInactiveConsumer>));
        bus.AddConsumer<CustomerReactivatedConsumer>(typeof(LifecycleBatchDefinition<CustomerReactivatedConsumer>));
    }

    public const string CorsOriginsSetting = "Reengagement:CorsOrigins";

    /// <summary>
    /// The marketing API's security and description, and the web origins whose pages may call it from a browser
    /// (<c>Reengagement:CorsOrigins</c>, comma-separated: the dashboard's origin when it is served by another host).
    /// </summary>
    public static IHostApplicationBuilder AddReengagementApi(this IHostApplicationBuilder builder)
    {
        builder.AddMarketingApiSecurity();
        builder.Services.AddOpenApi();
        var origins = CorsOrigins(builder.Configuration);
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
            policy.WithOrigins(origins).WithHeaders("Authorization", "Content-Type").WithMethods("GET", "POST").WithExposedHeaders("Content-Disposition")));
        return builder;
    }

    private static string[] CorsOrigins(IConfiguration configuration)
    {
        var text = configuration[CorsOriginsSetting] ?? string.Empty;
        var origins = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
            {
                throw new ServiceDefaults.SettingException(CorsOriginsSetting, $"has '{origin}', which is not a web origin such as http://127.0.0.1:5082 (scheme, host and port; no path)");
            }
        }

        return [.. origins.Select(origin => origin.TrimEnd('/'))];
    }

    public static WebApplication MapReengagement(this WebApplication app)
    {
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi(); // /openapi/v1.json
        app.MapScalarApiReference(); // /scalar: the browsable reference, with a field for the bearer token
        app.MapTargetsApi();
        app.MapSuppressionsApi();
        app.MapCampaignsApi();
        return app;
    }
}
