namespace InactiveCustomers.Ingestion.Validation;

/// <summary>What one validation pass over a file found.</summary>
internal sealed class ValidationOutcome
{
    public long RowsRead { get; set; }
    public long RowsAccepted { get; set; }
    public long RowsRejected { get; set; }
    /// <summary>Valid rows whose order id had landed before, in an earlier batch or earlier in this file.</summary>
    public long DuplicatesDropped { get; set; }
    public Dictionary<string, long> RejectsByReason { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<string> HeaderDrift { get; set; } = [];
    public DateOnly? MinDate { get; set; }
    public DateOnly? MaxDate { get; set; }
}
