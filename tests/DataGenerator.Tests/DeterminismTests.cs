using System.Security.Cryptography;

namespace InactiveCustomers.DataGenerator.Tests;

public class DeterminismTests
{
    private static (byte[] Hash, string Text) Generate(int seed, bool crlf = false, long rows = 20_000, double bad = 0.02)
    {
        using var stream = new MemoryStream();
        new PurchaseFileGenerator(new GeneratorOptions(rows, seed, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, bad, crlf)).Generate(stream);
        return (SHA256.HashData(stream.ToArray()), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void SameSeed_ShouldGiveTheSameBytes()
    {
        Generate(5).Hash.Should().Equal(Generate(5).Hash);
    }

    [Fact]
    public void AnotherSeed_ShouldGiveOtherOrders()
    {
        var first = Generate(5).Text.Split('\n').Skip(1).Select(line => line.Split(',')[0]).ToHashSet();
        var second = Generate(6).Text.Split('\n').Skip(1).Select(line => line.Split(',')[0]);

        second.Count(first.Contains).Should().BeLessThan(10, "order ids depend on the seed, so two files do not collide in the lake");
    }

    [Fact]
    public void CrLf_ShouldEndEveryLineWithCrLf_AndLfNone()
    {
        var crlf = Generate(5, crlf: true).Text;
        var lf = Generate(5).Text;

        crlf.Split("\r\n").Should().HaveCount(20_002, "header, 20,000 rows and the empty rest after the last line end");
        crlf.Replace("\r\n", string.Empty, StringComparison.Ordinal).Should().NotContain("\n");
        lf.Should().NotContain("\r");
        crlf.Replace("\r\n", "\n", StringComparison.Ordinal).Should().Be(lf);
    }

    [Fact]
    public void DateRange_ShouldBoundEveryPurchase()
    {
        using var stream = new MemoryStream();
        var options = new GeneratorOptions(5_000, 3, new DateOnly(2022, 1, 1), new DateOnly(2022, 3, 31), 0, false);
        new PurchaseFileGenerator(options).Generate(stream);

        var dates = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => DateOnly.ParseExact(line.Split(',')[2], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        dates.Should().OnlyContain(date => date >= options.From && date <= options.To);
    }
}
