using MassTransit;

namespace InactiveCustomers.Contracts;

/// <summary>A segmentation run finished and its snapshot is the latest one readers see.</summary>
[MessageUrn("inactive-customers:segmentation-run-completed:v1")]
public sealed record SegmentationRunCompleted
{
    /// <summary>The run; also its stream id in the segmentation event store.</summary>
    public required Guid RunId { get; init; }

    /// <summary>The reference date D of the run.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Rule set that classified the customers, e.g. <c>v1</c>.</summary>
    public required string RuleSetVersion { get; init; }

    /// <summary>Customers segmented.</summary>
    public required int Customers { get; init; }

    /// <summary>Customers per status_cliente (<c>Ativo</c>, <c>Inativo</c>).</summary>
    public required IReadOnlyDictionary<string, int> ByStatus { get; init; }

    /// <summary>Customers per perfil_cliente.</summary>
    public required IReadOnlyDictionary<string, int> ByPerfil { get; init; }

    /// <summary>Customers per potencial_cliente.</summary>
    public required IReadOnlyDictionary<string, int> ByPotencial { get; init; }

    /// <summary>Customers per segmento_viajante.</summary>
    public required IReadOnlyDictionary<string, int> BySegmento { get; init; }

    /// <summary>Inactivity episodes this run opened (CustomerBecameInactive events).</summary>
    public required int BecameInactive { get; init; }

    /// <summary>Inactivity episodes this run closed (CustomerReactivated events).</summary>
    public required int Reactivated { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run completed (UTC).</summary>
    public required DateTimeOffset CompletedAt { get; init; }
}
