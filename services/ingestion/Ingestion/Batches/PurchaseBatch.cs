using InactiveCustomers.Ingestion.Landing;

namespace InactiveCustomers.Ingestion.Batches;

/// <summary>
/// A batch as the status API shows it, folded from its event stream (received → validated → landed | refused).
/// </summary>
public sealed record PurchaseBatch
{
    public const string Received = "received";
    public const string Validated = "validated";
    public const string Landed = "landed";
    public const string Refused = "refused";

    public Guid Id { get; init; }

    public string Status { get; init; } = Received;

    public string FileName { get; init; } = string.Empty;

    public string Sha256 { get; init; } = string.Empty;

    public long Bytes { get; init; }

    /// <summary>How it arrived: <c>http</c> or <c>drop-folder</c>.</summary>
    public string Source { get; init; } = string.Empty;

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why the file was refused, when it was.</summary>
    public string? Message { get; init; }

    /// <summary>The full report once the batch has landed or been refused.</summary>
    public IngestionReport? Report { get; init; }

    public bool IsFinished => Status is Landed or Refused;

    public static PurchaseBatch Create(PurchaseFileReceived e) => new()
    {
        Id = e.BatchId,
        FileName = e.FileName,
        Sha256 = e.Sha256,
        Bytes = e.Bytes,
        Source = e.Source,
        ReceivedAt = e.ReceivedAt,
    };

    public PurchaseBatch Apply(PurchaseFileValidated e) => this with { Status = Validated };

    public PurchaseBatch Apply(PurchaseFileLanded e) => this with { Status = Landed, Report = e.Report, CompletedAt = e.LandedAt };

    public PurchaseBatch Apply(PurchaseFileRefused e) => this with { Status = Refused, Message = e.Reason, Report = e.Report, CompletedAt = e.RefusedAt };
}
