using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace InactiveCustomers.DataGenerator.Tests;

/// <summary>
/// The real export's format, written down independently of the generator and checked against a real excerpt
/// (Fixtures/clickbus-excerpt.csv, lines of the public ClickBus data set) so that it describes reality.
/// </summary>
internal static partial class ExportFormat
{
    public const string Header = "nk_ota_localizer_id,fk_contact,date_purchase,time_purchase,place_origin_departure,place_destination_departure,place_origin_return,place_destination_return,fk_departure_ota_bus_company,fk_return_ota_bus_company,gmv_success,total_tickets_quantity_success";

    /// <summary>Null when <paramref name="line"/> is a well-formed order of the export, else what is wrong.</summary>
    public static string? Problem(string line)
    {
        var f = line.Split(',');
        if (f.Length != 12)
        {
            return $"{f.Length} fields";
        }

        foreach (var i in new[] { 0, 1, 4, 5, 8 })
        {
            if (!Hex64().IsMatch(f[i]))
            {
                return $"field {i + 1} is not 64 lowercase hex: {f[i]}";
            }
        }

        if (!DateOnly.TryParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return $"date {f[2]}";
        }

        if (!TimeOnly.TryParseExact(f[3], "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return $"time {f[3]}";
        }

        var oneWay = f[6] == "0";
        if (oneWay != (f[7] == "0") || (!oneWay && (!Hex64().IsMatch(f[6]) || !Hex64().IsMatch(f[7]))))
        {
            return $"return places {f[6]} / {f[7]}";
        }

        if (f[9] != "1" && !Hex64().IsMatch(f[9]))
        {
            return $"return company {f[9]}";
        }

        if (!oneWay && f[9] == "1")
        {
            return "a return leg without a return company";
        }

        if (!Gmv().IsMatch(f[10]))
        {
            return $"gmv {f[10]}";
        }

        return Tickets().IsMatch(f[11]) ? null : $"tickets {f[11]}";
    }

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text)));

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Hex64();

    // 89.09, 154.2, 0.0, and float noise such as 49.91777.
    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.[0-9]{1,5}$")]
    private static partial Regex Gmv();

    [GeneratedRegex("^[1-9][0-9]?$")]
    private static partial Regex Tickets();
}
