using InactiveCustomers.Reengagement.Api;
using InactiveCustomers.Reengagement.Consumers;
using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.Reengagement.Targets;
using InactiveCustomers.ServiceDefaults;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reengagement");
builder.AddReengagementDb();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<TargetWriter>();
builder.Services.AddSingleton<TargetExpiry>();
builder.Services.AddHostedService(services => services.GetRequiredService<TargetExpiry>());
builder.AddMessaging(bus =>
{
    bus.AddConsumer<CustomerBecameInactiveConsumer>(typeof(LifecycleBatchDefinition<CustomerBecameInactiveConsumer>));
    bus.AddConsumer<CustomerReactivatedConsumer>(typeof(LifecycleBatchDefinition<CustomerReactivatedConsumer>));
});
builder.AddMarketingApiSecurity();
builder.Services.AddOpenApi();

var app = builder.Build();

// The schema first, before anything consumes or answers; `--migrate-only` stops there (a Job or init container).
await DatabaseMigrator.MigrateAsync(app.Services);
if (args.Contains("--migrate-only"))
{
    return;
}

app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapOpenApi(); // /openapi/v1.json
app.MapScalarApiReference(); // /scalar: the browsable reference, with a field for the bearer token
app.MapTargetsApi();
app.MapSuppressionsApi();
app.MapCampaignsApi();
await app.RunAsync();

/// <summary>Entry point, public so that tests can host the service in memory.</summary>
public partial class Program;
