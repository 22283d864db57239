namespace InactiveCustomers.Ingestion.Tests.Validation;

/// <summary>Lines of a purchase file for tests: a real-looking good order, and ways to change one field of it.</summary>
internal static class PurchaseLines
{
    public const string Header = "nk_ota_localizer_id,fk_contact,date_purchase,time_purchase,place_origin_departure,place_destination_departure,place_origin_return,place_destination_return,fk_departure_ota_bus_company,fk_return_ota_bus_company,gmv_success,total_tickets_quantity_success";

    private static readonly string[] Good =
    [
        "bc02d5245bec63b30ff1102fa273fc03f58bc9cc3f674ef1fee010c95dcbbab9",
        "a7218ff4ee7d37d48d2b4391b955627cb089870b934912e039288d3a28c3f210",
        "2018-12-26",
        "15:33:35",
        "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b",
        "50e9a8665b62c8d68bccc77c7c92431a1aa26ccbd38ed4bba8dd7422a3a4ab70",
        "0",
        "0",
        "8527a891e224136950ff32ca212b45bc93f69fbb801c3b1ebedac52775f99e61",
        "1",
        "89.09",
        "1",
    ];

    /// <summary>A good order with a distinct id (so several lines do not count as duplicates).</summary>
    public static string Order(int id, params (int Column, string Value)[] changes)
    {
        var fields = (string[])Good.Clone();
        fields[0] = id.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (column, value) in changes)
        {
            fields[column] = value;
        }

        return string.Join(',', fields);
    }

    public static string File(params string[] lines) => Header + "\n" + string.Join("\n", lines) + "\n";
}
