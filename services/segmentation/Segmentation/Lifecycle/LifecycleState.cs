using InactiveCustomers.Segmentation.Runs;

namespace InactiveCustomers.Segmentation.Lifecycle;

/// <summary>
/// Which lifecycle generation is current, folded from the <c>lifecycle</c> stream. Generation 0 is the first; each
/// rebuild (replaying history from an earlier date) starts a new one, whose customer streams start empty.
/// </summary>
public sealed record LifecycleState
{
    public const string StreamKey = "lifecycle";

    public string Id { get; init; } = StreamKey;

    public int Generation { get; init; }

    public DateOnly? RebuiltFrom { get; init; }

    public DateTimeOffset? RebuiltAt { get; init; }

    public static LifecycleState Create(LifecycleRebuilt e) => new() { Generation = e.Generation, RebuiltFrom = e.From, RebuiltAt = e.RebuiltAt };

    public LifecycleState Apply(LifecycleRebuilt e) => this with { Generation = e.Generation, RebuiltFrom = e.From, RebuiltAt = e.RebuiltAt };
}
