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

    /// <summary>The last record read had a quoted field still open at the end of the input.</summary>
    public bool EndedInsideQuotes { get; set; }

    /// <summary>Adds the counts of <paramref name="later"/>, a later part of the same file.</summary>
    public void Add(ValidationOutcome later)
    {
        RowsRead += later.RowsRead;
        RowsAccepted += later.RowsAccepted;
        RowsRejected += later.RowsRejected;
        DuplicatesDropped += later.DuplicatesDropped;
        foreach (var (reason, count) in later.RejectsByReason)
        {
            RejectsByReason[reason] = RejectsByReason.GetValueOrDefault(reason) + count;
        }

        MinDate = MinDate is { } min && (later.MinDate is not { } other || min <= other) ? min : later.MinDate;
        MaxDate = MaxDate is { } max && (later.MaxDate is not { } other2 || max >= other2) ? max : later.MaxDate;
        EndedInsideQuotes = later.EndedInsideQuotes;
    }
}
