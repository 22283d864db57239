using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InactiveCustomers.ServiceDefaults;

/// <summary>MassTransit with the transport chosen by configuration, in one place for every service.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// Adds MassTransit on the transport named by <c>Messaging:Transport</c> (<c>InMemory</c> | <c>RabbitMq</c>),
    /// with kebab-case endpoint names and retry defaults. <paramref name="configure"/> registers the service's
    /// consumers. A wrong or missing setting throws a <see cref="SettingException"/> naming it, before anything starts.
    /// </summary>
    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var settings = MessagingSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            // MassTransit 8.4+ reports usage to its vendor over the internet by default: a service of ours does not
            // call home (and on a closed network each attempt only logged a warning).
            bus.DisableUsageTelemetry();
            configure?.Invoke(bus);

            switch (settings.Transport)
            {
                case MessagingTransport.RabbitMq:
                    var rabbit = settings.RabbitMq!;
                    bus.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                        {
                            host.Username(rabbit.Username);
                            host.Password(rabbit.Password);
                        });
                        ConfigureDefaults(cfg);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    bus.UsingInMemory((context, cfg) =>
                    {
                        ConfigureDefaults(cfg);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
            }
        });

        // MassTransit's own health check is tagged "ready", so /health/ready follows the bus.
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(60);
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }

    // Transient failures (a database restart, a broker hiccup) are retried in place with growing gaps;
    // what still fails after that goes to the endpoint's _error queue with the exception, and the rest keep flowing.
    private static void ConfigureDefaults(IBusFactoryConfigurator cfg) =>
        cfg.UseMessageRetry(retry => retry.Exponential(
            retryLimit: 5,
            minInterval: TimeSpan.FromMilliseconds(200),
            maxInterval: TimeSpan.FromSeconds(10),
            intervalDelta: TimeSpan.FromMilliseconds(400)));
}
