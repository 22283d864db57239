using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InactiveCustomers.Segmentation.Tests.Runs;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Segmentation.Tests.Views;

/// <summary>The dashboard's JSON: the BI views of the latest run, narrowed by year, quarter and month.</summary>
public sealed class DashboardApiTests(PostgresFixture postgres, RabbitMqFixture rabbit)
    : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>, IDisposable
{
    private readonly string _folder = TestFolders.New("dashboard-api");

    private TestLake NewLake() => KnownLake(_folder);

    /// <summary>
    /// A: one order of 500 in 2022 (inactive, the only Alto Valor); B: 50 in June 2023 (active); C: four of 100 in
    /// 2020. Segmented as of 2024-01-01: 950 of gmv, 7 tickets, one Ativo and two Inativos.
    /// </summary>
    internal static TestLake KnownLake(string folder) => new TestLake(Path.Combine(folder, $"lake-{Guid.NewGuid():N}"))
        .Buy("A", "2022-01-10", gmv: 500m, tickets: 2)
        .Buy("B", "2023-06-01", gmv: 50m)
        .BuyOn("C", "2020-01-01", "2020-02-15", "2020-03-01", "2020-04-01")
        .Land();

    [Fact]
    public async Task Dashboard_ShouldShowTheLatestRunAndTheSales_NarrowedByPeriod()
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, NewLake().Layout.Root);
        (await service.Client.GetAsync(new Uri("/api/dashboard", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound, "no run has completed yet");
        var started = await service.Client.PostAsJsonAsync("/api/segmentation-runs", new { asOf = "2024-01-01" });
        await service.WaitForAsync(started.Headers.Location!.ToString(), run => run.GetProperty("status").GetString() == "completed", "the run completing");

        // The BI database follows the run's completion by a moment.
        var ready = await Eventually.WaitForAsync(
            async () => await service.Client.GetAsync(new Uri("/api/dashboard", UriKind.Relative)),
            response => response.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the BI views written");
        var all = await ready.Content.ReadFromJsonAsync<JsonElement>();

        var kpis = all.GetProperty("kpis");
        kpis.GetProperty("somaGmvSuccess").GetDecimal().Should().Be(950m);
        kpis.GetProperty("somaTotalTicketsQuantitySuccess").GetInt64().Should().Be(7);
        kpis.GetProperty("valorInativoAltoValor").GetDecimal().Should().Be(500m);
        kpis.GetProperty("clientesInativoAltoValor").GetInt64().Should().Be(1);
        Pairs(all, "statusClientes", "status", "clientes").Should().Equal(("Ativo", 1m), ("Inativo", 2m));
        Pairs(all, "vendasPorAno", "ano", "gmvSuccess").Should().Equal(("2020", 400m), ("2022", 500m), ("2023", 50m));
        all.GetProperty("vendasPorData").GetArrayLength().Should().Be(6);
        Pairs(all, "porPerfil", "nome", "valorTotalGasto").Should().Equal(("Ativo de Baixo Valor", 50m), ("Inativo de Alto Valor", 500m), ("Inativo de Baixo Valor", 400m));
        all.GetProperty("porPotencial").EnumerateArray().Sum(g => g.GetProperty("clientes").GetInt64()).Should().Be(3);

        var firstQuarter2020 = await service.Client.GetFromJsonAsync<JsonElement>("/api/dashboard?ano=2020&trimestre=1");
        firstQuarter2020.GetProperty("kpis").GetProperty("somaGmvSuccess").GetDecimal().Should().Be(300m);
        firstQuarter2020.GetProperty("vendasPorData").EnumerateArray().Select(d => d.GetProperty("data").GetString()).Should().Equal("2020-01-01", "2020-02-15", "2020-03-01");
        firstQuarter2020.GetProperty("kpis").GetProperty("valorInativoAltoValor").GetDecimal().Should().Be(500m, "customer figures are the latest run's, whatever the period");
        var june = await service.Client.GetFromJsonAsync<JsonElement>("/api/dashboard?mes=6");
        june.GetProperty("kpis").GetProperty("somaGmvSuccess").GetDecimal().Should().Be(50m);
    }

    [Theory]
    [InlineData("mes=13", "mes")]
    [InlineData("trimestre=0", "trimestre")]
    [InlineData("ano=1999", "ano")]
    public async Task BadPeriod_ShouldBe400NamingTheField(string query, string field)
    {
        await using var service = await SegmentationService.StartAsync(postgres, rabbit, NewLake().Layout.Root);

        var response = await service.Client.GetAsync(new Uri($"/api/dashboard?{query}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<(string, decimal)> Pairs(JsonElement body, string list, string key, string value) =>
        [.. body.GetProperty(list).EnumerateArray().Select(item => (item.GetProperty(key).ToString(), item.GetProperty(value).GetDecimal()))];
}
