using System.Diagnostics;
using System.Text.RegularExpressions;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Cli.Tests;

/// <summary>
/// The README's main-job command as a newcomer runs it: no connection string, so the tool keeps its own PostgreSQL
/// cluster in the working folder; everything from generated data to the KPIs, and the same again without duplicates.
/// </summary>
public sealed partial class DemoCommandTests : IDisposable
{
    private readonly string _folder = TestFolders.New("demo");

    [Fact]
    public async Task Demo_ShouldGoFromNothingToSegmentsAndKpis_AndReuseEverythingTheSecondTime()
    {
        var data = Path.Combine(_folder, "data");
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = string.Empty };

        var first = await Tool.RunAsync(["demo", "--rows", "20000", "--data", data], environment);

        first.Code.Should().Be(0, first.Output);
        first.Stdout.Should().Contain("Step 5/5").And.Contain("completed run");
        Directory.Exists(Path.Combine(data, "postgres")).Should().BeTrue("without a connection string the tool keeps its own cluster");
        var inactiveHighValue = Number(InativoDeAltoValor().Match(first.Stdout).Groups[1].Value);
        var kpi = KpiLine().Match(first.Stdout);
        kpi.Success.Should().BeTrue(first.Stdout);
        kpi.Groups[2].Value.Replace(".", string.Empty, StringComparison.Ordinal).Should().Be(inactiveHighValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "the KPI card counts the same customers as the run's perfil_cliente table");
        var became = Number(BecameInactive().Match(first.Stdout).Groups[1].Value);
        Number(Targets().Match(first.Stdout).Groups[1].Value).Should().Be(became, "every CustomerBecameInactive of the first run became one campaign target");
        IsClusterRunning(data).Should().BeFalse("the private cluster is stopped when the command ends");

        var second = await Tool.RunAsync(["demo", "--rows", "20000", "--data", data], environment);

        second.Code.Should().Be(0, second.Output);
        second.Stdout.Should().Contain("reusing").And.Contain("already ingested").And.Contain("already segmented");
        KpiLine().Match(second.Stdout).Value.Should().Be(kpi.Value, "nothing was counted twice");
        Number(Targets().Match(second.Stdout).Groups[1].Value).Should().Be(became, "no target twice");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static bool IsClusterRunning(string data)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", Path.Combine(data, "postgres")]) { RedirectStandardOutput = true })!;
        pgrep.WaitForExit();
        return pgrep.ExitCode == 0;
    }

    private static int Number(string text) => int.Parse(text.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"became inactive\s*│\s*([\d,]+)")]
    private static partial Regex BecameInactive();

    [GeneratedRegex(@"([\d,]+) campaign targets")]
    private static partial Regex Targets();

    [GeneratedRegex(@"Inativo de Alto Valor: ([\d,]+)")]
    private static partial Regex InativoDeAltoValor();

    [GeneratedRegex(@"Valor do segmento ""Inativo de Alto Valor"" (R\$ [\d.,]+) \(([\d.]+) clientes\)")]
    private static partial Regex KpiLine();
}
