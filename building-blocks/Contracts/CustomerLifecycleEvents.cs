using MassTransit;

namespace InactiveCustomers.Contracts;

/// <summary>
/// A customer crossed their inactivity limit: an inactivity episode opened. Published once per episode
/// (the message id is derived from the episode key), so a consumer keyed on <see cref="EpisodeKey"/> is idempotent.
/// </summary>
[MessageUrn("inactive-customers:customer-became-inactive:v1")]
public sealed record CustomerBecameInactive
{
    /// <summary>Pseudonymised customer id (64 hex characters).</summary>
    public required string CustomerId { get; init; }

    /// <summary>The episode: customer id, <c>:</c>, and the last purchase date at its start (ISO), e.g. <c>ab12…:2023-01-31</c>.</summary>
    public required string EpisodeKey { get; init; }

    /// <summary>data_inatividade: last purchase + inactivity limit + 1 day.</summary>
    public required DateOnly InactiveSince { get; init; }

    /// <summary>The segmentation run that detected it.</summary>
    public required Guid RunId { get; init; }

    /// <summary>Rule set that classified the customer, e.g. <c>v1</c>.</summary>
    public required string RuleSetVersion { get; init; }

    /// <summary>The customer's full segmentation row as of the run's reference date.</summary>
    public required CustomerSegment Customer { get; init; }

    /// <summary>Why, in Portuguese, e.g. <c>recência de 420 dias &gt; limite de 365 dias (padrão)</c>.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}

/// <summary>
/// A customer with an open inactivity episode bought again: the episode closed. Published once per episode.
/// </summary>
[MessageUrn("inactive-customers:customer-reactivated:v1")]
public sealed record CustomerReactivated
{
    /// <summary>Pseudonymised customer id (64 hex characters).</summary>
    public required string CustomerId { get; init; }

    /// <summary>Key of the episode that closed (the same key its <see cref="CustomerBecameInactive"/> carried).</summary>
    public required string EpisodeKey { get; init; }

    /// <summary>data_inatividade of the episode that closed.</summary>
    public required DateOnly InactiveSince { get; init; }

    /// <summary>Date of the purchase that reactivated the customer (their new last purchase).</summary>
    public required DateOnly ReactivatedOn { get; init; }

    /// <summary>Days from <see cref="InactiveSince"/> to <see cref="ReactivatedOn"/>.</summary>
    public required int DaysInactive { get; init; }

    /// <summary>The segmentation run that detected it.</summary>
    public required Guid RunId { get; init; }

    /// <summary>Rule set that classified the customer, e.g. <c>v1</c>.</summary>
    public required string RuleSetVersion { get; init; }

    /// <summary>The customer's full segmentation row as of the run's reference date.</summary>
    public required CustomerSegment Customer { get; init; }

    /// <summary>Why, in Portuguese, e.g. <c>nova compra em 2024-03-02 após 120 dias inativo</c>.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}
