namespace InactiveCustomers.Ingestion.Validation;

/// <summary>The whole file is refused (DATASET.md, file-level validation): nothing lands, the raw bytes are kept.</summary>
public sealed class PurchaseFileRefusedException(string message) : Exception(message);
