namespace InactiveCustomers.Reengagement.Targets;

/// <summary>Where a target stands with marketing.</summary>
public enum TargetStatus
{
    /// <summary>Inactive, not contacted yet.</summary>
    Pending,

    /// <summary>Marketing reached out (<c>POST /api/targets/{id}/contacted</c>).</summary>
    Contacted,

    /// <summary>The customer bought again: the inactivity episode closed.</summary>
    Reactivated,

    /// <summary>The window to win the customer back passed without a purchase.</summary>
    Expired,
}

/// <summary>
/// A customer worth winning back: one per inactivity episode (<see cref="EpisodeKey"/>), from
/// <c>CustomerBecameInactive</c>, closed by <c>CustomerReactivated</c>. The segmentation fields are the customer's
/// row as of the run that detected the episode.
/// </summary>
public sealed class CampaignTarget
{
    public long Id { get; set; }

    /// <summary>fk_contact: the pseudonymised customer id.</summary>
    public required string CustomerId { get; set; }

    /// <summary>The inactivity episode: customer id, <c>:</c>, last purchase date at its start. Unique.</summary>
    public required string EpisodeKey { get; set; }

    public required string PerfilCliente { get; set; }

    public required string PotencialCliente { get; set; }

    public required string SegmentoViajante { get; set; }

    public decimal ValorTotalGasto { get; set; }

    public DateOnly LastPurchase { get; set; }

    /// <summary>data_inatividade: last purchase + inactivity limit + 1 day.</summary>
    public DateOnly InactiveSince { get; set; }

    /// <summary>Why the customer is a target, in Portuguese, as the segmentation said.</summary>
    public List<string> Reasons { get; set; } = [];

    public TargetStatus Status { get; set; }

    /// <summary>The customer objected (LGPD): never shown, exported or put in a campaign.</summary>
    public bool Suppressed { get; set; }

    public DateOnly? ReactivatedOn { get; set; }

    public DateTimeOffset? ContactedAt { get; set; }

    /// <summary>The segmentation run that detected the episode (or, when the reactivation came first, closed it).</summary>
    public Guid RunId { get; set; }

    public required string RuleSetVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
