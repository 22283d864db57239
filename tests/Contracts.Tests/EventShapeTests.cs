using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace InactiveCustomers.Contracts.Tests;

/// <summary>
/// Pins each integration event's JSON, as MassTransit puts it on the wire, against a checked-in file: consumers outside
/// this repository parse it, so an accidental rename, removal or type change must fail CI. An intended additive change
/// updates the file (the test writes the new JSON beside it as *.received.json to compare and copy).
/// </summary>
public class EventShapeTests
{
    public static TheoryData<string, object> Events => new()
    {
        { nameof(PurchasesIngested), SampleEvents.PurchasesIngested },
        { nameof(CustomerBecameInactive), SampleEvents.CustomerBecameInactive },
        { nameof(CustomerReactivated), SampleEvents.CustomerReactivated },
        { nameof(SegmentationRunCompleted), SampleEvents.SegmentationRunCompleted },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Event_ShouldSerializeExactlyAsTheSnapshot(string name, object message)
    {
        var expected = File.ReadAllText(SnapshotPath(name)).ReplaceLineEndings("\n").TrimEnd();

        var actual = Serialize(message);

        if (actual != expected)
        {
            File.WriteAllText(Path.Combine(SourceSnapshots, $"{name}.received.json"), actual + "\n");
        }

        actual.Should().Be(expected, $"the JSON of {name} is a published contract (see Snapshots/{name}.received.json for what it is now)");
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Snapshot_ShouldDeserializeBackToTheSameEvent(string name, object message)
    {
        var parsed = JsonSerializer.Deserialize(File.ReadAllText(SnapshotPath(name)), message.GetType(), SystemTextJsonMessageSerializer.Options);

        parsed.Should().BeEquivalentTo(message);
    }

    [Theory]
    [InlineData(typeof(PurchasesIngested), "urn:message:inactive-customers:purchases-ingested:v1")]
    [InlineData(typeof(CustomerBecameInactive), "urn:message:inactive-customers:customer-became-inactive:v1")]
    [InlineData(typeof(CustomerReactivated), "urn:message:inactive-customers:customer-reactivated:v1")]
    [InlineData(typeof(SegmentationRunCompleted), "urn:message:inactive-customers:segmentation-run-completed:v1")]
    public void MessageType_ShouldKeepItsStableUrn(Type type, string urn)
    {
        MessageUrn.ForTypeString(type).Should().Be(urn, "the URN, not the CLR namespace, is how brokers and consumers route the event");
    }

    private static string Serialize(object message)
    {
        var options = new JsonSerializerOptions(SystemTextJsonMessageSerializer.Options) { WriteIndented = true };
        return JsonSerializer.Serialize(message, message.GetType(), options).ReplaceLineEndings("\n");
    }

    private static string SnapshotPath(string name) => Path.Combine(AppContext.BaseDirectory, "Snapshots", $"{name}.json");

    private static string SourceSnapshots =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Snapshots"));
}
