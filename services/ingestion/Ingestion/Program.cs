using InactiveCustomers.Ingestion.Extensions;
using InactiveCustomers.Ingestion.Upload;
using InactiveCustomers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("ingestion");
builder.AddPostgres();
builder.AddMessaging();
builder.AddIngestion();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPurchaseFilesApi();
app.Run();

/// <summary>Entry point, public so that tests can host the service in memory.</summary>
public partial class Program;
