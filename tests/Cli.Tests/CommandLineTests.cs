using System.Diagnostics;
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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "inactive-customers.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["COLUMNS"] = "200";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }
}
