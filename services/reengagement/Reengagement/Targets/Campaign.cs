namespace InactiveCustomers.Reengagement.Targets;

/// <summary>
/// A reengagement campaign: the Pending targets that matched its filter when it was created, each either to be
/// contacted or in the holdout group, which is never contacted and tells what would have happened anyway.
/// </summary>
public sealed class Campaign
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The target filter it was created with, as JSON (the query parameters of GET /api/targets).</summary>
    public required string Filter { get; set; }

    /// <summary>Percentage of the matched targets held out, 0–50.</summary>
    public int HoldoutPercent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<CampaignMember> Members { get; set; } = [];
}

/// <summary>A target in a campaign; a target is in one campaign at most.</summary>
public sealed class CampaignMember
{
    public Guid CampaignId { get; set; }

    public long TargetId { get; set; }

    /// <summary>In the holdout group: never contacted. Chosen by a hash of the campaign and the episode, so it is stable.</summary>
    public bool Holdout { get; set; }

    public CampaignTarget? Target { get; set; }
}
