using System.Globalization;
using Xunit;
using InactiveCustomers.LocalServers;

namespace InactiveCustomers.TestSupport;

/// <summary>A real, throwaway RabbitMQ node for one test class or collection; stopped and removed afterwards.</summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private LocalRabbitMq? _server;

    public LocalRabbitMq Server => _server ?? throw new InvalidOperationException("RabbitMQ has not started");

    /// <summary>The configuration a service needs to use this node: Messaging:* keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Messaging:Transport"] = "RabbitMq",
        ["Messaging:RabbitMq:Host"] = Server.Host,
        ["Messaging:RabbitMq:Port"] = Server.Port.ToString(CultureInfo.InvariantCulture),
        ["Messaging:RabbitMq:Username"] = LocalRabbitMq.Username,
        ["Messaging:RabbitMq:Password"] = LocalRabbitMq.Password,
    };

    public async Task InitializeAsync() => _server = await LocalRabbitMq.StartAsync(TestFolders.New("rabbitmq"));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            Directory.Delete(_server.Root, recursive: true);
        }
    }
}
