using System.Globalization;
using InactiveCustomers.DataLake.Purchases;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.DataGenerator.Tests;

/// <summary>
/// Planted bad rows are what ingestion's tests will lean on: each listed line must break exactly the rule the side
/// file names (checked here by a plain reading of DATASET.md's validation rules), and every other line must be valid.
/// </summary>
public class BadRowTests : IDisposable
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.Now);
    private readonly string _folder = TestFolders.New("bad-rows");

    [Fact]
    public void EveryPlantedRow_ShouldBreakExactlyTheRuleItIsListedFor_AndNoOtherRowAny()
    {
        var path = Path.Combine(_folder, "purchases.csv");
        var options = new GeneratorOptions(30_000, 11, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0.05, CrLf: false);
        using (var stream = File.Create(path))
        using (var badRows = new StreamWriter(path + ".bad-rows.csv"))
        {
            new PurchaseFileGenerator(options).Generate(stream, badRows);
        }

        var listed = File.ReadLines(path + ".bad-rows.csv").Skip(1).Select(line => line.Split(','))
            .ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture), f => (Rule: f[1], Column: f[2]));
        var seenOrders = new HashSet<string>();
        var lineNumber = 1L;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            lineNumber++;
            var broken = BrokenRules(line);
            var orderId = line.Split(',')[0];
            if (broken.Count == 0 && !seenOrders.Add(orderId))
            {
                broken.Add((PurchaseRowRule.DuplicateOrder, PurchaseColumns.OrderId));
            }

            if (listed.TryGetValue(lineNumber, out var planted))
            {
                broken.Should().Equal([(planted.Rule, planted.Column)], $"line {lineNumber} is listed as {planted.Rule}: {line}");
            }
            else
            {
                broken.Should().BeEmpty($"line {lineNumber} is not listed as bad: {line}");
            }
        }

        listed.Values.Select(v => v.Rule).Distinct().Should().BeEquivalentTo(BadRowPlanter.Rules, "every kind of bad row is planted");
        (listed.Count / 30_000.0).Should().BeApproximately(0.05, 0.01);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // DATASET.md, "Validation", row level, read plainly. A row with the wrong field count is only that.
    private static List<(string Rule, string Column)> BrokenRules(string line)
    {
        var f = line.Split(',');
        var broken = new List<(string, string)>();
        if (f.Length != 12)
        {
            broken.Add((PurchaseRowRule.FieldCount, string.Empty));
            return broken;
        }

        void Check(bool ok, string rule, int column)
        {
            if (!ok)
            {
                broken.Add((rule, PurchaseColumns.All[column]));
            }
        }

        foreach (var column in new[] { 0, 1, 2, 10, 11 })
        {
            Check(f[column].Length > 0, PurchaseRowRule.RequiredFieldEmpty, column);
        }

        for (var column = 0; column < 12; column++)
        {
            Check(f[column].Length <= 256, PurchaseRowRule.TextTooLong, column);
        }

        if (f[2].Length > 0)
        {
            var isDate = DateOnly.TryParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && f[2].Length == 10;
            Check(isDate, PurchaseRowRule.InvalidDate, 2);
            Check(!isDate || date >= new DateOnly(2000, 1, 1), PurchaseRowRule.DateBefore2000, 2);
            Check(!isDate || date <= Today, PurchaseRowRule.DateInFuture, 2);
        }

        Check(f[3].Length == 0 || (f[3].Length == 8 && TimeOnly.TryParseExact(f[3], "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)), PurchaseRowRule.InvalidTime, 3);
        if (f[10].Length > 0)
        {
            var isNumber = decimal.TryParse(f[10], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var gmv);
            Check(isNumber, PurchaseRowRule.InvalidGmv, 10);
            Check(!isNumber || gmv >= 0, PurchaseRowRule.NegativeGmv, 10);
        }

        if (f[11].Length > 0)
        {
            Check(f[11].All(char.IsAsciiDigit), PurchaseRowRule.InvalidTickets, 11);
        }

        return broken;
    }
}
