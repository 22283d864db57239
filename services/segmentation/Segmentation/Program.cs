using InactiveCustomers.Segmentation.Extensions;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("segmentation");
builder.AddMessaging(bus => bus.AddConsumer<PurchasesIngestedConsumer>());
builder.AddSegmentation();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSegmentation();
app.Run();

/// <summary>Entry point, public so that tests can host the service in memory.</summary>
public partial class Program;
