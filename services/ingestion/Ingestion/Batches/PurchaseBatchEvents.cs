using InactiveCustomers.Ingestion.Landing;

namespace InactiveCustomers.Ingestion.Batches;

/// <summary>A file's bytes arrived and are kept in the raw zone.</summary>
public sealed record PurchaseFileReceived(Guid BatchId, string FileName, string Sha256, string RawPath, long Bytes, string Source, DateTimeOffset ReceivedAt);

/// <summary>The file passed file-level validation; its rows were checked.</summary>
public sealed record PurchaseFileValidated(Guid BatchId, long RowsRead, long RowsRejected, IReadOnlyDictionary<string, long> RejectsByReason, IReadOnlyList<string> SchemaDrift, DateTimeOffset ValidatedAt);

/// <summary>The batch's orders are in the curated zone and the catalog: the batch is part of the lake.</summary>
public sealed record PurchaseFileLanded(Guid BatchId, IngestionReport Report, DateTimeOffset LandedAt);

/// <summary>The whole file was refused; nothing landed, the raw bytes are kept.</summary>
public sealed record PurchaseFileRefused(Guid BatchId, string Reason, IngestionReport Report, DateTimeOffset RefusedAt);
