using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Cli.Tests;

/// <summary>
/// The README's main-job command as a newcomer runs it: no connection string, so the tool keeps its own PostgreSQL
/// cluster in the working folder; everything from generated data to the KPIs, and the same again without duplicates.
/// </summary>
public sealed partial class DemoCommandTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly string _folder = TestFolders.New("demo");

    [Fact]
    public async Task Demo_ShouldGoFromNothingToSegmentsAndKpis_AndReuseEverythingTheSecondTime()
    {
        var data = Path.Combine(_folder, "data");
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = string.Empty };

        var first = await Tool.RunAsync(["demo", "--rows", "20000", "--data", data, "--no-serve"], environment);

        first.Code.Should().Be(0, first.Output);
        first.Stdout.Should().Contain("Step 6/6").And.Contain("completed run").And.Contain("Time per step");
        first.Stdout.Should().NotContain("Serving until", "--no-serve exits after the summary");
        Directory.Exists(Path.Combine(data, "postgres")).Should().BeTrue("without a connection string the tool keeps its own cluster");
        var inactiveHighValue = Number(InativoDeAltoValor().Match(first.Stdout).Groups[1].Value);
        var kpi = KpiLine().Match(first.Stdout);
        kpi.Success.Should().BeTrue(first.Stdout);
        kpi.Groups[2].Value.Replace(".", string.Empty, StringComparison.Ordinal).Should().Be(inactiveHighValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "the KPI card counts the same customers as the run's perfil_cliente table");
        var became = Number(BecameInactive().Match(first.Stdout).Groups[1].Value);
        Number(Targets().Match(first.Stdout).Groups[1].Value).Should().Be(became, "every CustomerBecameInactive of the first run became one campaign target");
        IsClusterRunning(data).Should().BeFalse("the private cluster is stopped when the command ends");

        var second = await Tool.RunAsync(["demo", "--rows", "20000", "--data", data, "--no-serve"], environment);

        second.Code.Should().Be(0, second.Output);
        second.Stdout.Should().Contain("reusing").And.Contain("already ingested").And.Contain("already segmented");
        KpiLine().Match(second.Stdout).Value.Should().Be(kpi.Value, "nothing was counted twice");
        Number(Targets().Match(second.Stdout).Groups[1].Value).Should().Be(became, "no target twice");
    }

    [Fact]
    public async Task Demo_ShouldServeTheDashboardAndTheApis_AndTakeANewFileThroughThePipeline_UntilCtrlC()
    {
        var data = Path.Combine(_folder, "data");
        var port = InactiveCustomers.LocalServers.FreePort.NextRange(1); // bound by the demo later: outside the ephemeral range
        var address = new Uri($"http://127.0.0.1:{port}");
        using var demo = Tool.Start(["demo", "--rows", "5000", "--data", data, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = string.Empty });
        await demo.WaitForAsync("Serving until Ctrl-C", TimeSpan.FromMinutes(3));
        using var http = new HttpClient { BaseAddress = address };

        var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/dashboard/");
        (await page.Content.ReadAsStringAsync()).Should().Contain("Clientes inativos");
        var dashboard = await http.GetFromJsonAsync<JsonElement>("/api/dashboard");
        dashboard.GetProperty("statusClientes").EnumerateArray().Sum(s => s.GetProperty("clientes").GetInt64()).Should().BeGreaterThan(0);
        (await http.GetAsync(new Uri("/api/targets", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the marketing API needs a token");
        var token = Tool.PrintedToken(demo.Stdout);
        using var targets = new HttpRequestMessage(HttpMethod.Get, "/api/targets?limit=1") { Headers = { Authorization = new("Bearer", token) } };
        var page1 = await http.SendAsync(targets);
        page1.StatusCode.Should().Be(HttpStatusCode.OK, "the token the demo printed is accepted");
        (await page1.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength().Should().Be(1);
        await DashboardTargetsPage.ShouldListTheSegmentAsync(chromium, address, token);

        // A later export POSTed to ingestion: it lands, announces itself on the bus, and segmentation runs on its own.
        var later = Path.Combine(_folder, "later.csv");
        (await Tool.RunAsync("generate", "--rows", "300", "--seed", "7", "--from", "2024-04-02", "--to", "2024-05-01", "--out", later)).Code.Should().Be(0);
        using var upload = new StreamContent(File.OpenRead(later)) { Headers = { ContentType = new("text/csv") } };
        (await http.PostAsync(new Uri("/api/purchase-files?fileName=later.csv", UriKind.Relative), upload)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(
            () => http.GetFromJsonAsync<JsonElement>("/api/segmentation-runs"),
            runs => runs.EnumerateArray().Any(run => run.GetProperty("trigger").GetString() == "purchases-ingested" && run.GetProperty("status").GetString() == "completed"),
            TimeSpan.FromMinutes(2), "a segmentation run after the upload");

        var stopped = await demo.InterruptAsync();

        stopped.Code.Should().Be(0, stopped.Output);
        stopped.Stdout.Should().Contain("Stopping");
        IsClusterRunning(data).Should().BeFalse("Ctrl-C stops the private cluster too");
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
