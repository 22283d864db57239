namespace InactiveCustomers.DataGenerator.Tests;

public class GeneratedFormatTests(GeneratedFileFixture file) : IClassFixture<GeneratedFileFixture>
{
    [Fact]
    public void RealExcerpt_ShouldSatisfyTheFormatRulesTheTestsUse()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "clickbus-excerpt.csv"));

        lines[0].Should().Be(ExportFormat.Header);
        lines.Skip(1).Select(ExportFormat.Problem).Should().AllSatisfy(problem => problem.Should().BeNull());
    }

    [Fact]
    public void GeneratedFile_ShouldHaveTheRealHeaderAndOnlyWellFormedOrders()
    {
        using var reader = new StreamReader(file.Path);
        reader.ReadLine().Should().Be(ExportFormat.Header);
        var problems = new List<string>();
        var lines = 0;
        while (reader.ReadLine() is { } line)
        {
            lines++;
            if (ExportFormat.Problem(line) is { } problem && problems.Count < 5)
            {
                problems.Add($"line {lines + 1}: {problem}");
            }
        }

        problems.Should().BeEmpty();
        lines.Should().Be((int)GeneratedFileFixture.Rows);
    }

    [Fact]
    public void Ids_ShouldBeSha256OfIntegersAsInTheRealFile()
    {
        var customerIds = Enumerable.Range(1, (int)file.Result.Customers).Select(i => ExportFormat.Sha256Hex(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToHashSet();
        var placeIds = Enumerable.Range(1, 5000).Select(i => ExportFormat.Sha256Hex(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToHashSet();

        var sample = File.ReadLines(file.Path).Skip(1).Take(20_000).Select(line => line.Split(',')).ToList();

        sample.Should().AllSatisfy(f =>
        {
            customerIds.Should().Contain(f[1]);
            placeIds.Should().Contain(f[4]).And.Contain(f[5]).And.Contain(f[8]);
        });
        sample.Select(f => f[0]).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void RoundTrips_ShouldReturnTheWayTheyWentWithEvenTickets()
    {
        var roundTrips = File.ReadLines(file.Path).Skip(1).Select(line => line.Split(',')).Where(f => f[6] != "0").ToList();

        roundTrips.Should().NotBeEmpty();
        roundTrips.Should().AllSatisfy(f =>
        {
            f[6].Should().Be(f[5]);
            f[7].Should().Be(f[4]);
            (int.Parse(f[11], System.Globalization.CultureInfo.InvariantCulture) % 2).Should().Be(0);
        });
    }

    [Fact]
    public void Gmv_ShouldBeWrittenTheWayTheExportWritesIt()
    {
        var gmv = File.ReadLines(file.Path).Skip(1).Select(line => line.Split(',')[10]).ToList();
        var decimals = gmv.Select(value => value.Length - value.IndexOf('.', StringComparison.Ordinal) - 1).ToList();

        // The real sample: 85% with 2 decimals, 15% with 1 (154.2), a few with float noise (49.91777), the odd 0.0.
        (decimals.Count(d => d == 2) / (double)gmv.Count).Should().BeInRange(0.75, 0.92);
        (decimals.Count(d => d == 1) / (double)gmv.Count).Should().BeInRange(0.08, 0.25);
        decimals.Should().Contain(d => d > 2);
        gmv.Should().Contain("0.0");
    }
}
