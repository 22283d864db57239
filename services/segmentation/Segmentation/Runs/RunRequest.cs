namespace InactiveCustomers.Segmentation.Runs;

/// <summary>
/// What to run: reference date <paramref name="AsOf"/> (null: the latest purchase date landed), who asked
/// (<c>cli</c>, <c>api</c>, <c>purchases-ingested</c>, <c>schedule</c>), and whether to rebuild the lifecycle from
/// this date — the only way to run for a date earlier than the last completed run.
/// </summary>
public sealed record RunRequest(DateOnly? AsOf, string Trigger, bool Rebuild = false)
{
    /// <summary>The committed purchase files to read, pinned when the run was asked for; null: those committed when it starts.</summary>
    public IReadOnlyList<string>? PurchaseFiles { get; init; }
}

/// <summary>A run as planned when it is asked for: its id, date and inputs.</summary>
public sealed record RunPlan(Guid RunId, DateOnly AsOf, int Generation, RunRequest Request);

/// <summary>The run was refused before it started, for a reason the caller can fix (exit code 2, HTTP 409/422).</summary>
public sealed class RunRefusedException(string message) : Exception(message);

/// <summary>A run's outcome: the run, and whether it had already completed before this request (nothing was redone).</summary>
public sealed record RunOutcome(SegmentationRun Run, bool AlreadyCompleted);
