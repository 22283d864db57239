using InactiveCustomers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("ingestion");
builder.AddPostgres();
builder.AddMessaging();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public so that tests can host the service in memory.</summary>
public partial class Program;
