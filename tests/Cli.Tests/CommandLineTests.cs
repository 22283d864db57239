using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Cli.Tests;

/// <summary>The tool as an operator runs it: a separate process, exit codes and messages.</summary>
public class CommandLineTests : IDisposable
{
    private readonly string _folder = TestFolders.New("cli");

    [Fact]
    public async Task Generate_ShouldWriteTheFileAndTheBadRowsSideFile()
    {
        var output = Path.Combine(_folder, "out", "p.csv");

        var (code, stdout, _) = await Run("generate", "--rows", "2000", "--seed", "1", "--bad-rows", "0.1", "--out", output);

        code.Should().Be(0);
        stdout.Should().Contain("2,000 rows");
        (await File.ReadAllLinesAsync(output)).Should().HaveCount(2001);
        (await File.ReadAllLinesAsync(output + ".bad-rows.csv"))[0].Should().Be("line,rule,column");
        File.Exists(output + ".partial").Should().BeFalse();
    }

    [Fact]
    public async Task GenerateIntoTheFuture_ShouldBeRefusedNamingTheOption()
    {
        var tomorrow = DateTime.Now.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var (code, _, stderr) = await Run("generate", "--rows", "10", "--to", tomorrow, "--out", Path.Combine(_folder, "x.csv"));

        code.Should().Be(2);
        stderr.Should().Contain($"--to {tomorrow} is after today");
        File.Exists(Path.Combine(_folder, "x.csv")).Should().BeFalse();
    }

    [Fact]
    public async Task BadDate_ShouldBeRefusedWithTheExpectedForm()
    {
        var (code, _, stderr) = await Run("generate", "--from", "12/05/2019", "--out", Path.Combine(_folder, "x.csv"));

        code.Should().Be(2);
        stderr.Should().Contain("--from '12/05/2019' is not a date in the form YYYY-MM-DD");
    }

    [Fact]
    public async Task Profile_ShouldPrintTheShapeNextToTheRealExport()
    {
        var excerpt = Path.Combine(AppContext.BaseDirectory, "Fixtures", "clickbus-excerpt.csv");

        var (code, stdout, _) = await Run("profile", excerpt);

        code.Should().Be(0);
        stdout.Should().Contain("46 / 46 / 0").And.Contain("53.5%");
    }

    [Fact]
    public async Task Ingest_ShouldLandTheFileAndPrintTheReportAsJson()
    {
        var file = Path.Combine(_folder, "p.csv");
        await Run("generate", "--rows", "3000", "--seed", "5", "--bad-rows", "0.05", "--out", file);
        var planted = File.ReadLines(file + ".bad-rows.csv").Skip(1).Select(line => line.Split(',')[1]).ToList();

        var (code, stdout, _) = await Run("ingest", file, "--lake", Path.Combine(_folder, "lake"), "--json");

        code.Should().Be(0);
        using var report = System.Text.Json.JsonDocument.Parse(stdout);
        var root = report.RootElement;
        root.GetProperty("status").GetString().Should().Be("landed");
        root.GetProperty("rowsRead").GetInt64().Should().Be(3000);
        root.GetProperty("rowsRejected").GetInt64().Should().Be(planted.Count(rule => rule != "duplicate-order"));
        root.GetProperty("duplicatesDropped").GetInt64().Should().Be(planted.Count(rule => rule == "duplicate-order"));
        root.GetProperty("rowsAccepted").GetInt64().Should().Be(3000 - planted.Count);
        foreach (var property in new[] { "batchId", "message", "rejectsByReason", "schemaDrift", "partitions", "elapsedMs" })
        {
            root.TryGetProperty(property, out _).Should().BeTrue($"the report has {property}");
        }

        var (againCode, again, _) = await Run("ingest", file, "--lake", Path.Combine(_folder, "lake"), "--json");
        againCode.Should().Be(0);
        again.Should().Contain("\"status\": \"already-ingested\"");
    }

    [Fact]
    public async Task IngestOfARefusedFile_ShouldExitWith2AndSayWhy()
    {
        var file = Path.Combine(_folder, "semicolons.csv");
        await File.WriteAllTextAsync(file, "nk_ota_localizer_id;fk_contact\n1;2\n");

        var (code, stdout, _) = await Run("ingest", file, "--lake", Path.Combine(_folder, "lake"));

        code.Should().Be(2);
        stdout.Should().Contain("refused").And.Contain("not by commas");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] arguments)
    {
        var result = await Tool.RunAsync(arguments);
        return (result.Code, result.Stdout, result.Stderr);
    }
}
