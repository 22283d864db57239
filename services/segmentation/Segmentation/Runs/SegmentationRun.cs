namespace InactiveCustomers.Segmentation.Runs;

/// <summary>A run as the API and the tool show it, folded from its stream (started → completed | failed).</summary>
public sealed record SegmentationRun
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>The run's stream key, <c>run:&lt;RunId&gt;</c>.</summary>
    public string Id { get; init; } = string.Empty;

    public Guid RunId { get; init; }

    public DateOnly AsOf { get; init; }

    public string RuleSetVersion { get; init; } = string.Empty;

    /// <summary>Lifecycle generation the run belongs to; a rebuild starts a new one.</summary>
    public int Generation { get; init; }

    /// <summary>What asked for it: <c>cli</c>, <c>api</c>, <c>purchases-ingested</c>, <c>schedule</c>.</summary>
    public string Trigger { get; init; } = string.Empty;

    public string Status { get; init; } = Running;

    /// <summary>How many times it started; more than one after a crash or a failure.</summary>
    public int Attempts { get; init; }

    public int PurchaseFiles { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? SnapshotPath { get; init; }

    public RunCounts Counts { get; init; } = RunCounts.None;

    public int BecameInactive { get; init; }

    public int Reactivated { get; init; }

    public IReadOnlyDictionary<string, long> TimingsMs { get; init; } = new Dictionary<string, long>();

    public string? Failure { get; init; }

    public static SegmentationRun Create(SegmentationRunStarted e) => new()
    {
        Id = Lifecycle.StableIds.RunStream(e.RunId),
        RunId = e.RunId,
        AsOf = e.AsOf,
        RuleSetVersion = e.RuleSetVersion,
        Generation = e.Generation,
        Trigger = e.Trigger,
        PurchaseFiles = e.PurchaseFiles,
        StartedAt = e.StartedAt,
        Attempts = 1,
    };

    public SegmentationRun Apply(SegmentationRunStarted e) =>
        this with { Status = Running, Trigger = e.Trigger, StartedAt = e.StartedAt, Attempts = Attempts + 1, Failure = null, CompletedAt = null };

    public SegmentationRun Apply(SegmentationRunSucceeded e) => this with
    {
        Status = Completed,
        SnapshotPath = e.SnapshotPath,
        Counts = e.Counts,
        BecameInactive = e.BecameInactive,
        Reactivated = e.Reactivated,
        TimingsMs = e.TimingsMs,
        CompletedAt = e.CompletedAt,
    };

    public SegmentationRun Apply(SegmentationRunFailed e) => this with { Status = Failed, Failure = e.Reason, CompletedAt = e.FailedAt };
}
