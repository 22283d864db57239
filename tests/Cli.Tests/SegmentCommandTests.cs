using System.Text.Json;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Cli.Tests;

/// <summary>`segment` and `export-segments` as an operator runs them, on a generated export and a real PostgreSQL.</summary>
public sealed class SegmentCommandTests(SegmentedLake lakes) : IClassFixture<SegmentedLake>, IDisposable
{
    private readonly string _folder = TestFolders.New("segment-cli");

    [Fact]
    public async Task Segment_ShouldPrintTheRunAsJson_AndSayAlreadySegmentedTheSecondTime()
    {
        var (lake, environment) = await lakes.NewAsync(_folder);

        var result = await Tool.RunAsync(["segment", "--lake", lake, "--json"], environment);

        result.Code.Should().Be(0, result.Output);
        using var json = JsonDocument.Parse(result.Stdout);
        var run = json.RootElement;
        run.GetProperty("asOf").GetString().Should().Be("2024-04-01", "by default, the latest purchase date landed");
        run.GetProperty("status").GetString().Should().Be("completed");
        var customers = run.GetProperty("customers").GetInt32();
        customers.Should().BeGreaterThan(1000);
        Sum(run.GetProperty("byStatus")).Should().Be(customers);
        Sum(run.GetProperty("byPerfil")).Should().Be(customers);
        Sum(run.GetProperty("byPotencial")).Should().Be(customers);
        Sum(run.GetProperty("bySegmento")).Should().Be(customers);
        run.GetProperty("byPerfil").EnumerateObject().Select(p => p.Name).Should()
            .BeSubsetOf(["Ativo de Alto Valor", "Ativo de Baixo Valor", "Inativo de Alto Valor", "Inativo de Baixo Valor"]);
        run.GetProperty("becameInactive").GetInt32().Should().Be(run.GetProperty("byStatus").GetProperty("Inativo").GetInt32(), "the first run opens an episode per inactive customer");
        run.GetProperty("reactivated").GetInt32().Should().Be(0);
        run.GetProperty("elapsedMs").GetInt64().Should().BeGreaterThan(0);

        var again = await Tool.RunAsync(["segment", "--lake", lake], environment);

        again.Code.Should().Be(0, again.Output);
        again.Stdout.Should().Contain("already segmented").And.Contain(run.GetProperty("runId").GetString());
    }

    [Fact]
    public async Task ExportSegments_ShouldWriteOneRowPerCustomerUnderTheRulesColumnNames()
    {
        var (lake, environment) = await lakes.NewAsync(_folder);
        var segmented = await Tool.RunAsync(["segment", "--lake", lake, "--as-of", "2023-12-31", "--json"], environment);
        var customers = JsonDocument.Parse(segmented.Stdout).RootElement.GetProperty("customers").GetInt32();
        var output = Path.Combine(_folder, "out", "segments.csv");

        var result = await Tool.RunAsync(["export-segments", "--lake", lake, "--out", output], environment);

        result.Code.Should().Be(0, result.Output);
        result.Stdout.Should().Contain($"{customers:N0} customers as of 2023-12-31");
        var lines = await File.ReadAllLinesAsync(output);
        lines[0].Should().Be(
            "fk_contact,data_referencia,primeira_compra,ultima_compra,frequencia,dias_com_compra,valor_total_gasto,total_passagens,ticket_medio," +
            "recencia_dias,intervalo_mediano_dias,limite_inatividade_dias,regra_limite,anos_com_compra,share_alta_temporada,status_cliente," +
            "percentil_valor,faixa_valor,perfil_cliente,sazonal,segmento_viajante,score_r,score_f,score_m,pontuacao_rfm,potencial_cliente,motivos");
        lines.Should().HaveCount(customers + 1);
        lines.Skip(1).Should().OnlyContain(line => line.Contains(",2023-12-31,", StringComparison.Ordinal) && line.Contains("recência de ", StringComparison.Ordinal));
        File.Exists(output + ".partial").Should().BeFalse();
    }

    [Fact]
    public async Task ExportBeforeAnyRun_ShouldExitWith2AndSayWhatToDo()
    {
        var (lake, environment) = await lakes.NewAsync(_folder);

        var result = await Tool.RunAsync(["export-segments", "--lake", lake, "--out", Path.Combine(_folder, "x.csv")], environment);

        result.Code.Should().Be(2);
        result.Stderr.Should().Contain("no segmentation run has completed yet: run 'segment' first");
    }

    [Fact]
    public async Task Replay_ShouldRunMonthByMonth_AndAnEarlierDateAfterItShouldBeRefused()
    {
        var (lake, environment) = await lakes.NewAsync(_folder);

        var replay = await Tool.RunAsync(["segment", "--lake", lake, "--from", "2023-01-31", "--to", "2023-06-30", "--every", "month", "--json"], environment);

        replay.Code.Should().Be(0, replay.Output);
        var runs = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        runs.Select(run => run.GetProperty("asOf").GetString()).Should().Equal("2023-01-31", "2023-02-28", "2023-03-31", "2023-04-30", "2023-05-31", "2023-06-30");
        runs.Skip(1).Should().Contain(run => run.GetProperty("reactivated").GetInt32() > 0, "some customers come back within half a year");

        var earlier = await Tool.RunAsync(["segment", "--lake", lake, "--as-of", "2023-03-01"], environment);

        earlier.Code.Should().Be(2);
        earlier.Stderr.Should().Contain("as of 2023-03-01 is earlier than the last completed run (2023-06-30").And.Contain("--rebuild");

        var rebuilt = await Tool.RunAsync(["segment", "--lake", lake, "--as-of", "2023-03-01", "--rebuild", "--json"], environment);
        rebuilt.Code.Should().Be(0, rebuilt.Output);
    }

    [Theory]
    [InlineData("--as-of", "2024-01-01", "--from", "2023-01-01", "give either --as-of D or --from D1 --to D2 --every month, not both")]
    [InlineData("--from", "2023-01-01", "--to", "2023-06-01", "a replay needs all three of --from D1 --to D2 --every month")]
    public async Task WrongOptions_ShouldExitWith2NamingThem(string a, string b, string c, string d, string message)
    {
        var result = await Tool.RunAsync("segment", a, b, c, d);

        result.Code.Should().Be(2);
        result.Stderr.Should().Contain(message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static int Sum(JsonElement counts) => counts.EnumerateObject().Sum(p => p.Value.GetInt32());
}
