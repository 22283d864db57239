using Microsoft.Extensions.Configuration;

namespace InactiveCustomers.ServiceDefaults.Tests;

public class MessagingSettingsTests
{
    private static MessagingSettings Read(params (string Key, string Value)[] settings) =>
        MessagingSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void MissingTransport_ShouldNameTheSettingAndTheChoices()
    {
        var act = () => Read();

        act.Should().Throw<SettingException>()
            .Where(e => e.Setting == "Messaging:Transport")
            .WithMessage("*Messaging:Transport*missing*InMemory | RabbitMq*");
    }

    [Fact]
    public void UnknownTransport_ShouldSayWhatWasGiven()
    {
        var act = () => Read(("Messaging:Transport", "Kafka"));

        act.Should().Throw<SettingException>().WithMessage("*Messaging:Transport*'Kafka'*InMemory | RabbitMq*");
    }

    [Fact]
    public void InMemory_ShouldNeedNothingElse()
    {
        Read(("Messaging:Transport", "inmemory")).Should().Be(new MessagingSettings(MessagingTransport.InMemory, null));
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Username")]
    [InlineData("Password")]
    public void RabbitMqWithoutARequiredValue_ShouldNameIt(string missing)
    {
        var settings = new[] { ("Messaging:Transport", "RabbitMq"), ("Messaging:RabbitMq:Host", "broker"), ("Messaging:RabbitMq:Username", "u"), ("Messaging:RabbitMq:Password", "p") }
            .Where(s => s.Item1 != $"Messaging:RabbitMq:{missing}")
            .ToArray();

        var act = () => Read(settings);

        act.Should().Throw<SettingException>().Where(e => e.Setting == $"Messaging:RabbitMq:{missing}");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("amqp")]
    public void RabbitMqWithABadPort_ShouldNameThePort(string port)
    {
        var act = () => Read(("Messaging:Transport", "RabbitMq"), ("Messaging:RabbitMq:Host", "broker"), ("Messaging:RabbitMq:Port", port),
            ("Messaging:RabbitMq:Username", "u"), ("Messaging:RabbitMq:Password", "p"));

        act.Should().Throw<SettingException>().Where(e => e.Setting == "Messaging:RabbitMq:Port").WithMessage($"*'{port}'*");
    }

    [Fact]
    public void RabbitMq_ShouldDefaultToTheStandardPortAndRootVirtualHost()
    {
        var settings = Read(("Messaging:Transport", "RabbitMq"), ("Messaging:RabbitMq:Host", "broker"),
            ("Messaging:RabbitMq:Username", "u"), ("Messaging:RabbitMq:Password", "p"));

        settings.RabbitMq.Should().Be(new RabbitMqSettings("broker", 5672, "/", "u", "p"));
    }
}
