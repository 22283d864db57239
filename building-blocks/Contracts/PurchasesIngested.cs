using MassTransit;

namespace InactiveCustomers.Contracts;

/// <summary>
/// A batch of purchase orders landed in the curated data lake. Published once per landed batch;
/// the segmentation service coalesces bursts of these into one run.
/// </summary>
[MessageUrn("inactive-customers:purchases-ingested:v1")]
public sealed record PurchasesIngested
{
    /// <summary>The ingestion batch: one received file. Also the stream id of the batch in the ingestion event store.</summary>
    public required Guid BatchId { get; init; }

    /// <summary>Name of the file as it was received (drop folder file name, upload name, or command-line path).</summary>
    public required string FileName { get; init; }

    /// <summary>SHA-256 of the raw file bytes, lowercase hex: the key under which the raw file is kept and by which resends are recognised.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Data rows read from the file (the header is not counted).</summary>
    public required long RowsRead { get; init; }

    /// <summary>Orders written to the curated zone by this batch.</summary>
    public required long RowsAccepted { get; init; }

    /// <summary>Rows written to the batch's rejects file, each with line, column and reason.</summary>
    public required long RowsRejected { get; init; }

    /// <summary>Valid rows dropped because their order id (nk_ota_localizer_id) had already landed, in this file or an earlier batch.</summary>
    public required long DuplicatesDropped { get; init; }

    /// <summary>Earliest date_purchase among the accepted orders; null when no order was accepted.</summary>
    public DateOnly? MinPurchaseDate { get; init; }

    /// <summary>Latest date_purchase among the accepted orders; null when no order was accepted.</summary>
    public DateOnly? MaxPurchaseDate { get; init; }

    /// <summary>Curated partitions that received files, as lake-relative paths, e.g. <c>curated/purchases/year=2019/month=12</c>.</summary>
    public required IReadOnlyList<string> Partitions { get; init; }

    /// <summary>When the batch was committed to the lake (UTC).</summary>
    public required DateTimeOffset LandedAt { get; init; }
}
