using System.Globalization;
using InactiveCustomers.DataLake.Purchases;

namespace InactiveCustomers.DataGenerator;

/// <summary>A planted bad row: the line to write and the one rule it breaks, at which column.</summary>
internal sealed record PlantedBadRow(string Line, string Rule, string? Column);

/// <summary>
/// Turns a good line into one that breaks exactly one validation rule of DATASET.md, so tests know what ingestion
/// must reject and why. Every rule is planted in equal shares; duplicates (dropped, not rejected) are planted by the
/// generator itself as exact copies of earlier lines.
/// </summary>
internal sealed class BadRowPlanter(Random random)
{
    private static readonly int[] RequiredColumns = [0, 1, 2, 10, 11];
    private static readonly int[] LongTextColumns = [1, 4, 5, 8];

    public static IReadOnlyList<string> Rules { get; } = [.. PurchaseRowRule.Rejections, PurchaseRowRule.DuplicateOrder];

    public PlantedBadRow Corrupt(string goodLine, string rule)
    {
        var fields = goodLine.Split(',');
        var date = DateOnly.ParseExact(fields[2], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        int column;
        switch (rule)
        {
            case PurchaseRowRule.FieldCount:
                return new PlantedBadRow(
                    random.Next(2) == 0 ? string.Join(',', fields[..^1]) : goodLine + ",extra",
                    rule,
                    null);
            case PurchaseRowRule.RequiredFieldEmpty:
                column = RequiredColumns[random.Next(RequiredColumns.Length)];
                fields[column] = string.Empty;
                break;
            case PurchaseRowRule.InvalidDate:
                column = 2;
                fields[column] = Pick(
                    $"{date.Year}-02-30",
                    $"{date.Year}-13-{date.Day:00}",
                    $"{date.Year}-00-{date.Day:00}",
                    $"{date.Year}-06-31",
                    "2019-02-29",
                    date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
                    date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                    $"{date.Year}-{date.Month}-{date.Day}x");
                break;
            case PurchaseRowRule.DateBefore2000:
                column = 2;
                fields[column] = Pick("1999-12-31", $"{1990 + random.Next(10)}-{date.Month:00}-{Math.Min(date.Day, 28):00}", "1970-01-01");
                break;
            case PurchaseRowRule.DateInFuture:
                column = 2;
                fields[column] = $"{2090 + random.Next(10)}-{date.Month:00}-{Math.Min(date.Day, 28):00}";
                break;
            case PurchaseRowRule.InvalidTime:
                column = 3;
                fields[column] = Pick("24:00:00", "12:60:00", "12:00:60", "7:05:00", "12:30", "meio-dia", "25:61:61");
                break;
            case PurchaseRowRule.InvalidGmv:
                column = 10;
                fields[column] = Pick("n/a", "12.3.4", "R$ 45.90", "4O.00", "NaN", "--12");
                break;
            case PurchaseRowRule.NegativeGmv:
                column = 10;
                fields[column] = fields[10] is "0.0" ? "-12.5" : "-" + fields[10];
                break;
            case PurchaseRowRule.InvalidTickets:
                column = 11;
                fields[column] = Pick("1.5", "-1", "dois", "1e2", "2.0");
                break;
            case PurchaseRowRule.TextTooLong:
                column = LongTextColumns[random.Next(LongTextColumns.Length)];
                fields[column] = string.Concat(Enumerable.Repeat(fields[column], 4)) + fields[column][..random.Next(1, 64)];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "not a rule a line can be corrupted to break");
        }

        return new PlantedBadRow(string.Join(',', fields), rule, PurchaseColumns.All[column]);
    }

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];
}
