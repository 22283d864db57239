using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace InactiveCustomers.ServiceDefaults;

/// <summary>Which bus transport to use.</summary>
public enum MessagingTransport
{
    /// <summary>All services in one process (the embedded default and component tests).</summary>
    InMemory,

    /// <summary>Services as separate processes sharing a RabbitMQ broker.</summary>
    RabbitMq,
}

/// <summary>RabbitMQ connection settings, from <c>Messaging:RabbitMq:*</c>.</summary>
public sealed record RabbitMqSettings(string Host, ushort Port, string VirtualHost, string Username, string Password);

/// <summary>The <c>Messaging</c> configuration section, read and checked once at start-up.</summary>
public sealed record MessagingSettings(MessagingTransport Transport, RabbitMqSettings? RabbitMq)
{
    public const string Section = "Messaging";

    /// <summary>Reads the section; every wrong or missing value throws a <see cref="SettingException"/> naming its key.</summary>
    public static MessagingSettings Read(IConfiguration configuration)
    {
        const string transportKey = Section + ":Transport";
        var allowed = string.Join(" | ", Enum.GetNames<MessagingTransport>());
        var transportText = configuration[transportKey];
        if (string.IsNullOrWhiteSpace(transportText))
        {
            throw new SettingException(transportKey, $"is missing: set it to {allowed}");
        }

        if (!Enum.TryParse<MessagingTransport>(transportText, ignoreCase: true, out var transport)
            || !Enum.IsDefined(transport))
        {
            throw new SettingException(transportKey, $"is '{transportText}', which is not a transport: use {allowed}");
        }

        return transport == MessagingTransport.RabbitMq
            ? new MessagingSettings(transport, ReadRabbitMq(configuration.GetSection(Section + ":RabbitMq")))
            : new MessagingSettings(transport, null);
    }

    private static RabbitMqSettings ReadRabbitMq(IConfigurationSection section)
    {
        string Required(string name)
        {
            var value = section[name];
            return string.IsNullOrWhiteSpace(value)
                ? throw new SettingException($"{section.Path}:{name}", "is missing: it is required when Messaging:Transport is RabbitMq")
                : value;
        }

        var portText = section["Port"];
        ushort port = 5672;
        if (!string.IsNullOrWhiteSpace(portText)
            && (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port == 0))
        {
            throw new SettingException($"{section.Path}:Port", $"is '{portText}', which is not a TCP port (1-65535)");
        }

        var virtualHost = section["VirtualHost"];
        return new RabbitMqSettings(
            Required("Host"),
            port,
            string.IsNullOrWhiteSpace(virtualHost) ? "/" : virtualHost,
            Required("Username"),
            Required("Password"));
    }
}
