namespace InactiveCustomers.Segmentation.Runs;

/// <summary>A run for reference date <paramref name="AsOf"/> began (again, when an earlier attempt crashed or failed).</summary>
public sealed record SegmentationRunStarted(
    Guid RunId, DateOnly AsOf, string RuleSetVersion, int Generation, string Trigger, int PurchaseFiles, DateTimeOffset StartedAt);

/// <summary>The run's snapshot is published and its lifecycle transitions are stored: it is the latest run readers see.</summary>
public sealed record SegmentationRunSucceeded(
    Guid RunId,
    DateOnly AsOf,
    string RuleSetVersion,
    DateTimeOffset StartedAt,
    string SnapshotPath,
    RunCounts Counts,
    int BecameInactive,
    int Reactivated,
    IReadOnlyDictionary<string, long> TimingsMs,
    DateTimeOffset CompletedAt);

/// <summary>The run stopped on an error; nothing it wrote is visible, and running it again starts over.</summary>
public sealed record SegmentationRunFailed(Guid RunId, string Reason, DateTimeOffset FailedAt);

/// <summary>A lifecycle rebuild began: runs before it no longer count, customer streams start afresh in the new generation.</summary>
public sealed record LifecycleRebuilt(int Generation, DateOnly From, DateTimeOffset RebuiltAt);

/// <summary>Customers of a run per status_cliente, perfil_cliente, potencial_cliente and segmento_viajante.</summary>
public sealed record RunCounts(
    int Customers,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByPerfil,
    IReadOnlyDictionary<string, int> ByPotencial,
    IReadOnlyDictionary<string, int> BySegmento)
{
    public static readonly RunCounts None = new(0, new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>());
}
