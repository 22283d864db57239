namespace InactiveCustomers.DataLake.Purchases;

/// <summary>The columns of a raw purchase export, in the order the real file has them (DATASET.md).</summary>
public static class PurchaseColumns
{
    public const string OrderId = "nk_ota_localizer_id";
    public const string CustomerId = "fk_contact";
    public const string PurchaseDate = "date_purchase";
    public const string PurchaseTime = "time_purchase";
    public const string OriginDeparture = "place_origin_departure";
    public const string DestinationDeparture = "place_destination_departure";
    public const string OriginReturn = "place_origin_return";
    public const string DestinationReturn = "place_destination_return";
    public const string DepartureCompany = "fk_departure_ota_bus_company";
    public const string ReturnCompany = "fk_return_ota_bus_company";
    public const string Gmv = "gmv_success";
    public const string Tickets = "total_tickets_quantity_success";

    /// <summary>All twelve, in file order. Every one is required in a file's header.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        OrderId, CustomerId, PurchaseDate, PurchaseTime, OriginDeparture, DestinationDeparture,
        OriginReturn, DestinationReturn, DepartureCompany, ReturnCompany, Gmv, Tickets,
    ];

    /// <summary>Sentinel in place_origin_return / place_destination_return meaning "no return leg".</summary>
    public const string NoReturnPlace = "0";

    /// <summary>Sentinel in fk_return_ota_bus_company meaning "no return leg".</summary>
    public const string NoReturnCompany = "1";

    /// <summary>Longest text a field may hold.</summary>
    public const int MaxTextLength = 256;

    /// <summary>Earliest purchase date accepted.</summary>
    public static DateOnly MinPurchaseDate { get; } = new(2000, 1, 1);
}
