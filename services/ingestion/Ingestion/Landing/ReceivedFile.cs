namespace InactiveCustomers.Ingestion.Landing;

/// <summary>A file whose bytes are safe in the raw zone, waiting to be validated and landed.</summary>
public sealed record ReceivedFile(Guid BatchId, string Sha256, string RawPath, long Bytes);
