namespace InactiveCustomers.DataLake.Purchases;

/// <summary>
/// Why a data row does not land as a new order (DATASET.md, "Validation"). The codes are stable: they appear in
/// rejects files, ingestion reports, metrics, and the generator's side file of planted bad rows.
/// </summary>
public static class PurchaseRowRule
{
    /// <summary>The row does not have exactly 12 fields.</summary>
    public const string FieldCount = "field-count";

    /// <summary>A required field (nk_ota_localizer_id, fk_contact, date_purchase, gmv_success, total_tickets_quantity_success) is empty.</summary>
    public const string RequiredFieldEmpty = "required-field-empty";

    /// <summary>date_purchase is not a real YYYY-MM-DD calendar date.</summary>
    public const string InvalidDate = "invalid-date";

    /// <summary>date_purchase is before 2000-01-01.</summary>
    public const string DateBefore2000 = "date-before-2000";

    /// <summary>date_purchase is after the day the file is ingested.</summary>
    public const string DateInFuture = "date-in-future";

    /// <summary>time_purchase is present but not HH:MM:SS within 00:00:00–23:59:59.</summary>
    public const string InvalidTime = "invalid-time";

    /// <summary>gmv_success is not a number.</summary>
    public const string InvalidGmv = "invalid-gmv";

    /// <summary>gmv_success is negative.</summary>
    public const string NegativeGmv = "negative-gmv";

    /// <summary>total_tickets_quantity_success is not a non-negative integer.</summary>
    public const string InvalidTickets = "invalid-tickets";

    /// <summary>A text field is longer than 256 characters.</summary>
    public const string TextTooLong = "text-too-long";

    /// <summary>Not a reject: the order id already landed (earlier in the file or an earlier batch); the row is dropped and counted.</summary>
    public const string DuplicateOrder = "duplicate-order";

    /// <summary>Every rule that sends a row to the rejects file.</summary>
    public static IReadOnlyList<string> Rejections { get; } =
    [
        FieldCount, RequiredFieldEmpty, InvalidDate, DateBefore2000, DateInFuture, InvalidTime,
        InvalidGmv, NegativeGmv, InvalidTickets, TextTooLong,
    ];
}
