using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InactiveCustomers.TestSupport;
using PuppeteerSharp;

namespace InactiveCustomers.Segmentation.Tests.Views;

/// <summary>
/// The dashboard page in a real headless Chromium, served by the segmentation service over a known lake (see
/// <see cref="DashboardApiTests.KnownLake"/>): the cards, the three charts and the tables show its numbers in pt-BR,
/// a filter changes them, and the page logs no error. A screenshot goes to artifacts/screenshots.
/// </summary>
public sealed class DashboardPageTests(PostgresFixture postgres, RabbitMqFixture rabbit, HeadlessChromium chromium)
    : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>, IClassFixture<HeadlessChromium>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _folder = TestFolders.New("dashboard-page");

    [Fact]
    public async Task Dashboard_ShouldShowTheKnownNumbers_AndAFilterShouldChangeThem()
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, DashboardApiTests.KnownLake(_folder).Layout.Root, kestrel: true);
        var started = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf = "2024-01-01" });
        await service.WaitForAsync(started.Headers.Location!.ToString(), run => run.GetProperty("status").GetString() == "completed", "the run completing");
        await Eventually.WaitForAsync(
            async () => (await service.Client.GetAsync(new Uri("/api/dashboard", UriKind.Relative))).StatusCode,
            status => status == HttpStatusCode.OK, Timeout, "the BI views written");

        await using var page = await chromium.Browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 900 });
        var problems = new List<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning)
            {
                problems.Add($"console {e.Message.Type}: {e.Message.Text}");
            }
        };
        page.PageError += (_, e) => problems.Add($"page error: {e.Message}");
        page.RequestFailed += (_, e) => problems.Add($"request failed: {e.Request.Url}");
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                problems.Add($"HTTP {(int)e.Response.Status}: {e.Response.Url}");
            }
        };

        var response = await page.GoToAsync(new Uri(service.Address, "/").ToString());
        response.Url.Should().EndWith("/dashboard/", "the service's root leads to the dashboard");
        await ReadyAsync(page);

        (await TextAsync(page, "#kpi-gmv")).Should().Be("R$ 950,00");
        (await TextAsync(page, "#kpi-tickets")).Should().Be("7");
        (await TextAsync(page, "#kpi-inativo-alto-valor")).Should().Be("R$ 500,00");
        (await TextAsync(page, "#kpi-inativo-alto-valor-clientes")).Should().Be("1 cliente");
        (await SeriesAsync(page, "grafico-status")).Should().Be("""[{"name":"Ativo","value":1},{"name":"Inativo","value":2}]""");
        (await SeriesAsync(page, "grafico-vendas-ano")).Should().Be("[400,500,50]");
        (await SeriesAsync(page, "grafico-vendas-data")).Should().Be(
            """[["2020-01-01",100],["2020-02-15",100],["2020-03-01",100],["2020-04-01",100],["2022-01-10",500],["2023-06-01",50]]""");
        foreach (var chart in new[] { "grafico-status", "grafico-vendas-data", "grafico-vendas-ano" })
        {
            (await page.EvaluateExpressionAsync<bool>($"(c => c !== null && c.width > 100 && c.height > 100)(document.querySelector('#{chart} canvas'))"))
                .Should().BeTrue($"{chart} draws on a canvas");
        }

        (await RowsAsync(page, "#tabela-perfil")).Should().Equal(
            "Ativo de Baixo Valor|1|R$ 50,00|Ver alvos", "Inativo de Alto Valor|1|R$ 500,00|Ver alvos", "Inativo de Baixo Valor|1|R$ 400,00|Ver alvos");
        (await page.EvaluateExpressionAsync<string>("document.querySelectorAll('#tabela-perfil a')[1].href"))
            .Should().EndWith("/dashboard/targets.html?perfil=Inativo+de+Alto+Valor");
        var potenciais = (await service.Client.GetFromJsonAsync<JsonElement>("/api/dashboard")).GetProperty("porPotencial").GetArrayLength();
        (await RowsAsync(page, "#tabela-potencial")).Should().HaveCount(potenciais);
        await page.ScreenshotAsync(Path.Combine(HeadlessChromium.ScreenshotFolder, "dashboard.png"), new ScreenshotOptions { FullPage = true });

        await page.SelectAsync("#filtro-ano", "2020");
        await ReadyAsync(page);
        await page.SelectAsync("#filtro-trimestre", "1");
        await ReadyAsync(page);
        (await TextAsync(page, "#kpi-gmv")).Should().Be("R$ 300,00");
        (await TextAsync(page, "#kpi-tickets")).Should().Be("3");
        (await TextAsync(page, "#kpi-inativo-alto-valor")).Should().Be("R$ 500,00", "the customers are the latest run's, whatever the period");
        (await SeriesAsync(page, "grafico-vendas-ano")).Should().Be("[300]");
        (await SeriesAsync(page, "grafico-vendas-data")).Should().Be("""[["2020-01-01",100],["2020-02-15",100],["2020-03-01",100]]""");
        page.Url.Should().EndWith("/dashboard/?ano=2020&trimestre=1", "the filters are in the address, to share or bookmark");
        await page.ScreenshotAsync(Path.Combine(HeadlessChromium.ScreenshotFolder, "dashboard-2020-t1.png"), new ScreenshotOptions { FullPage = true });

        await page.ReloadAsync();
        await ReadyAsync(page);
        (await TextAsync(page, "#kpi-gmv")).Should().Be("R$ 300,00", "a reloaded address keeps its filters");
        problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Dashboard_BeforeAnyRun_ShouldSaySoOnThePage()
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, DashboardApiTests.KnownLake(_folder).Layout.Root, kestrel: true);
        await using var page = await chromium.Browser.NewPageAsync();

        await page.GoToAsync(new Uri(service.Address, "/dashboard/").ToString());
        await page.WaitForExpressionAsync("document.documentElement.dataset.estado === 'erro'", new WaitForFunctionOptions { Timeout = (int)Timeout.TotalMilliseconds });

        (await TextAsync(page, "#aviso")).Should().Contain("no segmentation run has completed");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task ReadyAsync(IPage page) =>
        page.WaitForExpressionAsync("document.documentElement.dataset.estado === 'pronto'", new WaitForFunctionOptions { Timeout = (int)Timeout.TotalMilliseconds });

    /// <summary>An element's text, with the non-breaking spaces of pt-BR currency as plain spaces.</summary>
    private static async Task<string> TextAsync(IPage page, string selector) =>
        (await page.EvaluateExpressionAsync<string>($"document.querySelector('{selector}').textContent")).Replace('\u00A0', ' ');

    /// <summary>The data of a chart's first series, as ECharts holds it after drawing, in JSON.</summary>
    private static Task<string> SeriesAsync(IPage page, string chart) => page.EvaluateExpressionAsync<string>(
        $"JSON.stringify(echarts.getInstanceByDom(document.getElementById('{chart}')).getOption().series[0].data.map(d => d.itemStyle ? {{ name: d.name, value: d.value }} : d))");

    private static async Task<string[]> RowsAsync(IPage page, string table) =>
        [.. (await page.EvaluateExpressionAsync<string[]>(
            $"[...document.querySelectorAll('{table} tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))")).Select(row => row.Replace('\u00A0', ' '))];
}
