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

    /// <summary>The marketing API's security and description.</summary>
    public static IHostApplicationBuilder AddReengagementApi(this IHostApplicationBuilder builder)
    {
        builder.AddMarketingApiSecurity();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapReengagement(this WebApplication app)
    {
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
