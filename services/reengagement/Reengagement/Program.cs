using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.Reengagement.Extensions;
using InactiveCustomers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reengagement");
builder.AddReengagementCore();
builder.AddMessaging(bus => bus.AddReengagementConsumers());
builder.AddReengagementApi();

var app = builder.Build();

// The schema first, before anything consumes or answers; `--migrate-only` stops there (a Job or init container).
await DatabaseMigrator.MigrateAsync(app.Services);
if (args.Contains("--migrate-only"))
{
    return;
}

app.MapDefaultEndpoints();
app.MapReengagement();
await app.RunAsync();

/// <summary>Entry point, public so that tests can host the service in memory.</summary>
public partial class Program;
