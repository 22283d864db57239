using System.Text;
using InactiveCustomers.DataLake.Purchases;
using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Tests.Validation;

/// <summary>Every validation rule of DATASET.md, each on both sides of its boundary.</summary>
public class PurchaseFileValidatorTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    private sealed record Result(ValidationOutcome Outcome, List<string[]> Rejects, List<string[]> Staged);

    private sealed class StagedInMemory : IAcceptedOrders
    {
        public MemoryStream Csv { get; } = new();

        public void Add(long line, in PurchaseRow row, UInt128 orderKey) => StagingCsv.Write(Csv, line, row);
    }

    private static Result Validate(byte[] file)
    {
        using var rejects = new MemoryStream();
        var staged = new StagedInMemory();
        var outcome = new PurchaseFileValidator(Today).Run(new MemoryStream(file), rejects, staged, new HashSet<UInt128>(), [], CancellationToken.None);
        return new Result(outcome, ParseCsv(rejects.ToArray()).Skip(1).ToList(), ParseCsv(staged.Csv.ToArray()));
    }

    private static Result Validate(string file) => Validate(Encoding.UTF8.GetBytes(file));

    private static List<string[]> ParseCsv(byte[] bytes)
    {
        var reader = new CsvRecordReader(new MemoryStream(bytes));
        var rows = new List<string[]>();
        while (reader.MoveNext())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Encoding.UTF8.GetString(reader.Field(i))).ToArray());
        }

        return rows;
    }

    private static void ShouldReject(string value, int column, string rule)
    {
        var result = Validate(PurchaseLines.File(PurchaseLines.Order(1), PurchaseLines.Order(2, (column, value))));

        result.Rejects.Should().ContainSingle();
        var reject = result.Rejects[0];
        reject[0].Should().Be("3", "the bad order is on line 3");
        reject[1].Should().Be(PurchaseColumns.All[column]);
        reject[2].Should().Be(rule);
        reject[4].Should().Be(PurchaseLines.Order(2, (column, value)), "the rejects file keeps the original line");
        result.Outcome.RowsAccepted.Should().Be(1, "the other rows land");
    }

    private static void ShouldAccept(string value, int column)
    {
        var result = Validate(PurchaseLines.File(PurchaseLines.Order(1, (column, value))));

        result.Rejects.Should().BeEmpty();
        result.Outcome.RowsAccepted.Should().Be(1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(11)]
    public void EmptyRequiredField_ShouldBeRejected(int column) => ShouldReject(string.Empty, column, PurchaseRowRule.RequiredFieldEmpty);

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(9)]
    public void EmptyOptionalField_ShouldBeAccepted(int column) => ShouldAccept(string.Empty, column);

    [Theory]
    [InlineData("2019-02-29")]
    [InlineData("2019-13-01")]
    [InlineData("2019-00-10")]
    [InlineData("2019-06-31")]
    [InlineData("26/12/2018")]
    [InlineData("20181226")]
    [InlineData("2018-12-26x")]
    [InlineData("2018-1-26")]
    public void NotACalendarDate_ShouldBeRejected(string date) => ShouldReject(date, 2, PurchaseRowRule.InvalidDate);

    [Fact]
    public void LeapDay_ShouldBeAccepted() => ShouldAccept("2020-02-29", 2);

    [Fact]
    public void FirstDayOf2000_ShouldBeAccepted() => ShouldAccept("2000-01-01", 2);

    [Fact]
    public void LastDayOf1999_ShouldBeRejected() => ShouldReject("1999-12-31", 2, PurchaseRowRule.DateBefore2000);

    [Fact]
    public void DayOfIngestion_ShouldBeAccepted() => ShouldAccept("2026-12-03", 2);

    [Fact]
    public void DayAfterIngestion_ShouldBeRejected() => ShouldReject("2026-12-04", 2, PurchaseRowRule.DateInFuture);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("23:59:59")]
    public void TimeAtTheEdgesOfTheDay_ShouldBeAccepted(string time) => ShouldAccept(time, 3);

    [Theory]
    [InlineData("24:00:00")]
    [InlineData("12:60:00")]
    [InlineData("12:00:60")]
    [InlineData("7:05:00")]
    [InlineData("12:30")]
    [InlineData("meio-dia")]
    public void BadTime_ShouldBeRejected(string time) => ShouldReject(time, 3, PurchaseRowRule.InvalidTime);

    [Theory]
    [InlineData("0.0")]
    [InlineData("0")]
    [InlineData("154.2")]
    [InlineData("49.91777")]
    [InlineData("9999999999.99")]
    public void PlainDecimal_ShouldBeAccepted(string gmv) => ShouldAccept(gmv, 10);

    [Theory]
    [InlineData("n/a")]
    [InlineData("12.3.4")]
    [InlineData("R$ 45.90")]
    [InlineData("NaN")]
    [InlineData("1e3")]
    [InlineData("12,50")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("10000000000.00")]
    public void NotAPlainDecimal_ShouldBeRejected(string gmv)
    {
        var rule = gmv == "12,50" ? PurchaseRowRule.FieldCount : PurchaseRowRule.InvalidGmv;
        if (rule == PurchaseRowRule.FieldCount)
        {
            Validate(PurchaseLines.File(PurchaseLines.Order(1, (10, gmv)))).Rejects.Single()[2].Should().Be(rule, "an unquoted comma adds a field");
            return;
        }

        ShouldReject(gmv, 10, rule);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("-89.09")]
    public void NegativeGmv_ShouldBeRejected(string gmv) => ShouldReject(gmv, 10, PurchaseRowRule.NegativeGmv);

    [Theory]
    [InlineData("49.91777", "49.92")]
    [InlineData("12.344", "12.34")]
    [InlineData("12.345", "12.35")]
    [InlineData("0.995", "1.00")]
    [InlineData("154.2", "154.20")]
    [InlineData("7", "7.00")]
    public void Gmv_ShouldBeRoundedHalfAwayFromZeroToCents(string gmv, string staged)
    {
        Validate(PurchaseLines.File(PurchaseLines.Order(1, (10, gmv)))).Staged.Single()[11].Should().Be(staged);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("16")]
    public void WholeTickets_ShouldBeAccepted(string tickets) => ShouldAccept(tickets, 11);

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("2.0")]
    [InlineData("dois")]
    [InlineData("1e2")]
    [InlineData("9999999999")]
    public void NotAWholeNumberOfTickets_ShouldBeRejected(string tickets) => ShouldReject(tickets, 11, PurchaseRowRule.InvalidTickets);

    [Fact]
    public void TextOf256Characters_ShouldBeAccepted() => ShouldAccept(new string('é', 256), 4);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void TextOf257Characters_ShouldBeRejected(int column) => ShouldReject(new string('a', 257), column, PurchaseRowRule.TextTooLong);

    [Fact]
    public void WrongNumberOfFields_ShouldBeRejectedWithBothCounts()
    {
        var result = Validate(PurchaseLines.File(PurchaseLines.Order(1) + ",extra", string.Join(',', PurchaseLines.Order(2).Split(',')[..11])));

        result.Rejects.Select(r => (r[0], r[2], r[3])).Should().Equal(
            ("2", PurchaseRowRule.FieldCount, "13 fields where the header has 12"),
            ("3", PurchaseRowRule.FieldCount, "11 fields where the header has 12"));
    }

    [Fact]
    public void TruncatedLastLine_ShouldBeRejectedAndTheRestLand()
    {
        var file = PurchaseLines.Header + "\n" + PurchaseLines.Order(1) + "\n" + PurchaseLines.Order(2)[..150];

        var result = Validate(file);

        result.Outcome.RowsAccepted.Should().Be(1);
        result.Rejects.Single()[0..3].Should().Equal("3", string.Empty, PurchaseRowRule.FieldCount);
    }

    [Fact]
    public void SameOrderTwice_ShouldKeepTheFirstAndCountTheSecond()
    {
        var result = Validate(PurchaseLines.File(PurchaseLines.Order(1, (10, "10.00")), PurchaseLines.Order(2), PurchaseLines.Order(1, (10, "20.00"))));

        result.Outcome.DuplicatesDropped.Should().Be(1);
        result.Rejects.Should().BeEmpty("a duplicate is dropped and counted, not rejected");
        result.Staged.Select(s => (s[0], s[11])).Should().Equal(("2", "10.00"), ("3", "89.09"));
    }

    [Fact]
    public void Sentinels_ShouldBecomeAbsentValues()
    {
        var staged = Validate(PurchaseLines.File(PurchaseLines.Order(1))).Staged.Single();

        staged[7].Should().BeEmpty("place_origin_return 0 means no return leg");
        staged[8].Should().BeEmpty();
        staged[10].Should().BeEmpty("fk_return_ota_bus_company 1 means no return company");
    }

    [Fact]
    public void QuotedFieldsWithCommas_ShouldBeReadPerRfc4180()
    {
        var line = PurchaseLines.Order(1, (4, "\"place, with comma\""), (5, "\"say \"\"hi\"\"\""));

        var result = Validate(PurchaseLines.File(line));

        result.Rejects.Should().BeEmpty();
        result.Staged.Single()[5..7].Should().Equal("place, with comma", "say \"hi\"");
    }

    [Fact]
    public void CrLfFile_ShouldLandLikeAnLfFile()
    {
        var lf = PurchaseLines.File(PurchaseLines.Order(1), PurchaseLines.Order(2, (2, "bad")));

        var crlf = Validate(lf.Replace("\n", "\r\n", StringComparison.Ordinal));

        crlf.Staged.Should().BeEquivalentTo(Validate(lf).Staged);
        crlf.Rejects.Single()[4].Should().NotEndWith("\r");
    }

    [Fact]
    public void Utf8ByteOrderMark_ShouldBeAccepted()
    {
        var file = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(PurchaseLines.File(PurchaseLines.Order(1)))).ToArray();

        Validate(file).Outcome.RowsAccepted.Should().Be(1);
    }

    [Fact]
    public void Utf16File_ShouldBeRefused()
    {
        var file = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(PurchaseLines.File(PurchaseLines.Order(1)))).ToArray();

        var act = () => Validate(file);

        act.Should().Throw<PurchaseFileRefusedException>().WithMessage("*UTF-16*");
    }

    [Fact]
    public void Latin1File_ShouldBeRefusedNamingTheLine()
    {
        var text = PurchaseLines.File(PurchaseLines.Order(1), PurchaseLines.Order(2, (4, "São Paulo")));

        var act = () => Validate(Encoding.Latin1.GetBytes(text));

        act.Should().Throw<PurchaseFileRefusedException>().WithMessage("the file is not UTF-8: line 3, character *0xE3*");
    }

    [Fact]
    public void EmptyFile_ShouldBeRefused()
    {
        var act = () => Validate(string.Empty);

        act.Should().Throw<PurchaseFileRefusedException>().WithMessage("the file is empty");
    }

    [Fact]
    public void HeaderOnly_ShouldBeRefused()
    {
        var act = () => Validate(PurchaseLines.Header + "\n");

        act.Should().Throw<PurchaseFileRefusedException>().WithMessage("the file has a header but no data rows");
    }

    [Fact]
    public void SemicolonDelimitedFile_ShouldBeRefusedSayingSo()
    {
        var act = () => Validate(PurchaseLines.File(PurchaseLines.Order(1)).Replace(',', ';'));

        act.Should().Throw<PurchaseFileRefusedException>().WithMessage("*separated by ';', not by commas*");
    }

    [Fact]
    public void MissingColumn_ShouldBeRefusedListingIt()
    {
        var file = PurchaseLines.Header.Replace(",gmv_success", ",gmv", StringComparison.Ordinal) + "\n" + PurchaseLines.Order(1) + "\n";

        var act = () => Validate(file);

        act.Should().Throw<PurchaseFileRefusedException>().WithMessage("*missing column(s): gmv_success*unexpected column(s): gmv*");
    }

    [Fact]
    public void RepeatedColumn_ShouldBeRefused()
    {
        var file = PurchaseLines.Header + ",fk_contact\n" + PurchaseLines.Order(1) + ",x\n";

        var act = () => Validate(file);

        act.Should().Throw<PurchaseFileRefusedException>().WithMessage("*more than once: fk_contact*");
    }

    [Fact]
    public void ExtraColumn_ShouldBeIgnoredAndReportedAsDrift()
    {
        var result = Validate(PurchaseLines.Header + ",channel\n" + PurchaseLines.Order(1) + ",app\n");

        result.Outcome.RowsAccepted.Should().Be(1);
        result.Outcome.HeaderDrift.Should().Equal("unexpected column 'channel' ignored");
    }

    [Fact]
    public void ReorderedColumns_ShouldBeMappedByName()
    {
        var header = string.Join(',', PurchaseLines.Header.Split(',').Reverse());
        var line = string.Join(',', PurchaseLines.Order(1).Split(',').Reverse());

        var result = Validate(header + "\n" + line + "\n");

        result.Staged.Single()[11].Should().Be("89.09");
        result.Outcome.HeaderDrift.Should().ContainSingle().Which.Should().Contain("different order");
    }
}
