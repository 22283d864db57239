namespace InactiveCustomers.Ingestion.Validation;

/// <summary>One accepted order, typed, with the sentinels of the export already turned into "absent".</summary>
internal ref struct PurchaseRow
{
    public ReadOnlySpan<byte> OrderId;
    public ReadOnlySpan<byte> CustomerId;
    public DateOnly Date;
    public ReadOnlySpan<byte> Time;
    public ReadOnlySpan<byte> OriginDeparture;
    public ReadOnlySpan<byte> DestinationDeparture;
    public ReadOnlySpan<byte> OriginReturn;
    public ReadOnlySpan<byte> DestinationReturn;
    public ReadOnlySpan<byte> DepartureCompany;
    public ReadOnlySpan<byte> ReturnCompany;
    public long GmvCents;
    public int Tickets;
}

/// <summary>Why a row was rejected: the rule (a <see cref="DataLake.Purchases.PurchaseRowRule"/> code), the column, and a message for people.</summary>
internal readonly record struct RowRejection(string Rule, string? Column, string Message);
