namespace InactiveCustomers.Reengagement.Targets;

/// <summary>A customer who objected to marketing (LGPD, right to object): kept out of targets, exports and campaigns.</summary>
public sealed class Suppression
{
    public required string CustomerId { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
