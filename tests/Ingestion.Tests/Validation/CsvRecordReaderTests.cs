using System.Text;
using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Tests.Validation;

public class CsvRecordReaderTests
{
    private static List<(long Line, string[] Fields, string Original)> Read(string text, int bufferSize = 1 << 20)
    {
        var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), bufferSize);
        var records = new List<(long, string[], string)>();
        while (reader.MoveNext())
        {
            records.Add((reader.Line,
                Enumerable.Range(0, reader.FieldCount).Select(i => Encoding.UTF8.GetString(reader.Field(i))).ToArray(),
                Encoding.UTF8.GetString(reader.Original)));
        }

        return records;
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(7)] // records cross buffer refills
    public void QuotedFields_ShouldKeepCommasQuotesAndLineBreaks(int bufferSize)
    {
        var records = Read("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,one\n", bufferSize);

        records.Select(r => string.Join('|', r.Fields)).Should().Equal("a|b", "x,1|say \"hi\"", "two\nlines|z", "last|one");
        records.Select(r => r.Line).Should().Equal(1, 2, 3, 5);
        records[1].Original.Should().Be("\"x,1\",\"say \"\"hi\"\"\"");
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(5)]
    public void CrLf_ShouldEndLinesLikeLf(int bufferSize)
    {
        Read("a,b\r\n1,2\r\n3,4\r\n", bufferSize).Select(r => string.Join('|', r.Fields)).Should().Equal("a|b", "1|2", "3|4");
    }

    [Fact]
    public void LastLineWithoutLineEnd_ShouldStillBeARecord()
    {
        Read("a,b\n1,2").Select(r => r.Original).Should().Equal("a,b", "1,2");
    }

    [Fact]
    public void EmptyLines_ShouldBeSkippedButCounted()
    {
        Read("a,b\n\n1,2\n\n").Select(r => r.Line).Should().Equal(1, 3);
    }

    [Fact]
    public void UnclosedQuote_ShouldRunToTheEndAndSaySo()
    {
        var reader = new CsvRecordReader(new MemoryStream("a,b\n\"open,1\n2,3\n"u8.ToArray()));
        reader.MoveNext();
        reader.UnterminatedQuote.Should().BeFalse();

        reader.MoveNext().Should().BeTrue();

        reader.UnterminatedQuote.Should().BeTrue();
        reader.MoveNext().Should().BeFalse();
    }
}
