using DuckDB.NET.Data;
using InactiveCustomers.DataGenerator;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Segmentation.Tests.Rules;

public sealed class ReferenceComparisonTests : IDisposable
{
    private readonly string _folder = TestFolders.New("segmentation-reference");

    [Theory]
    [InlineData("2024-04-01")]
    [InlineData("2019-06-30")] // many purchases after D
    public void GeneratedFile_ShouldSegmentExactlyAsAStraightforwardComputation(string referenceDate)
    {
        var csv = Path.Combine(_folder, "purchases.csv");
        using (var output = File.Create(csv))
        {
            new PurchaseFileGenerator(new GeneratorOptions(40_000, 11, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0, false)).Generate(output);
        }

        var d = DateOnly.Parse(referenceDate, System.Globalization.CultureInfo.InvariantCulture);
        var rules = new SegmentationRules();
        var expected = ReferenceSegmentation.Compute(csv, d, rules);

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var view = connection.CreateCommand())
        {
            view.CommandText = $"""
                CREATE VIEW purchases AS
                SELECT fk_contact, CAST(date_purchase AS DATE) AS date_purchase, CAST(gmv_success AS DECIMAL(12, 2)) AS gmv_success,
                       CAST(total_tickets_quantity_success AS INTEGER) AS total_tickets_quantity_success
                FROM read_csv('{csv}', all_varchar = true)
                """;
            view.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = CustomerSegmentsSql.For(d, rules);
        using var reader = command.ExecuteReader();
        var actual = new Dictionary<string, SegmentedCustomer>();
        while (reader.Read())
        {
            var row = SegmentedCustomer.Read(reader);
            actual.Add(row.Segment.CustomerId, row);
        }

        expected.Count.Should().BeGreaterThan(3_000, "the file has customers enough to exercise every rule");
        actual.Keys.Order(StringComparer.Ordinal).Should().Equal(expected.Keys.Order(StringComparer.Ordinal));
        foreach (var (customer, row) in actual)
        {
            row.Segment.Should().Be(expected[customer], $"customer {customer} is segmented as the rules say");
            row.InactiveSince.Should().Be(row.Segment.Status == "Inativo" ? row.Segment.LastPurchase.AddDays(row.Segment.InactivityLimitDays + 1) : null);
        }

        // the data set reaches every label, so the comparison covers every branch
        var segments = actual.Values.Select(r => r.Segment).ToList();
        segments.Select(s => s.Profile).Distinct().Should().HaveCount(4);
        segments.Select(s => s.Potential).Distinct().Should().HaveCount(3);
        segments.Select(s => s.TravellerSegment).Distinct().Should().HaveCount(5);
        segments.Select(s => s.LimitRule).Distinct().Should().HaveCount(2);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
