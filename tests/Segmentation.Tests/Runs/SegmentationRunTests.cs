using DuckDB.NET.Data;
using InactiveCustomers.Contracts;
using InactiveCustomers.Segmentation.Export;
using InactiveCustomers.Segmentation.Lifecycle;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace InactiveCustomers.Segmentation.Tests.Runs;

/// <summary>
/// Runs on a real PostgreSQL over a small lake whose customers are chosen to cross the lifecycle's transitions:
/// A buys once and lapses (default limit), comes back, and lapses again past a clamped personal limit;
/// B is active, then lapses; C lapses past a personal limit and stays away.
/// </summary>
public sealed class SegmentationRunTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _folder = TestFolders.New("segmentation-runs");

    private TestLake NewLake() => new TestLake(Path.Combine(_folder, "lake"))
        .Buy("A", "2022-01-10", gmv: 500m)
        .Buy("B", "2023-06-01", gmv: 50m)
        .BuyOn("C", "2020-01-01", "2020-02-15", "2020-03-01", "2020-04-01")
        .Land();

    [Fact]
    public async Task FirstRun_ShouldOpenOneEpisodePerInactiveCustomer_WithItsReasons()
    {
        var lake = NewLake();
        await using var core = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);

        var outcome = await core.RunAsync("2024-01-01");

        var run = outcome.Run;
        run.Status.Should().Be(SegmentationRun.Completed);
        run.AsOf.Should().Be(new DateOnly(2024, 1, 1));
        run.Counts.Customers.Should().Be(3);
        run.Counts.ByStatus.Should().BeEquivalentTo(new Dictionary<string, int> { ["Inativo"] = 2, ["Ativo"] = 1 });
        run.BecameInactive.Should().Be(2);
        run.Reactivated.Should().Be(0);
        File.Exists(lake.Layout.FullPath(run.SnapshotPath!)).Should().BeTrue();
        run.SnapshotPath.Should().StartWith("curated/customer_segments/as_of=2024-01-01/");

        var a = await HistoryAsync(core, "A");
        var became = a.Should().ContainSingle().Which.Should().BeOfType<CustomerBecameInactive>().Subject;
        became.EpisodeKey.Should().Be("A:2022-01-10");
        became.InactiveSince.Should().Be(new DateOnly(2022, 1, 10).AddDays(365 + 1));
        became.RunId.Should().Be(run.RunId);
        became.RuleSetVersion.Should().Be("v1");
        became.Customer.RecencyDays.Should().Be(721);
        became.Reasons[0].Should().Be("recência de 721 dias > limite de 365 dias (padrão)");

        var c = (await HistoryAsync(core, "C")).Should().ContainSingle().Which.Should().BeOfType<CustomerBecameInactive>().Subject;
        c.InactiveSince.Should().Be(new DateOnly(2020, 4, 1).AddDays(93 + 1));
        c.Reasons[0].Should().Be("recência de 1370 dias > 3 × intervalo mediano de 31 dias = 93 dias");
        (await HistoryAsync(core, "B")).Should().BeEmpty("B is active");
    }

    [Fact]
    public async Task SameDateAgain_ShouldReturnTheCompletedRunAndStoreNothingMore()
    {
        var lake = NewLake();
        await using var core = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);
        var first = await core.RunAsync("2024-01-01");
        var events = await core.LifecycleEventsAsync();

        var again = await core.RunAsync("2024-01-01");

        again.AlreadyCompleted.Should().BeTrue();
        again.Run.RunId.Should().Be(first.Run.RunId);
        (await core.LifecycleEventsAsync()).Should().Equal(events);
    }

    [Fact]
    public async Task LaterRuns_ShouldCloseEpisodesOfCustomersWhoCameBack_AndOpenNewOnes()
    {
        var lake = NewLake();
        await using var core = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);
        await core.RunAsync("2024-01-01");
        lake.Buy("A", "2024-02-15").Buy("A", "2024-03-01").Land();

        var second = await core.RunAsync("2024-06-30");

        second.Run.BecameInactive.Should().Be(1, "B lapsed");
        second.Run.Reactivated.Should().Be(1, "A came back");
        var a = await HistoryAsync(core, "A");
        a.Should().HaveCount(2);
        var reactivated = a[1].Should().BeOfType<CustomerReactivated>().Subject;
        reactivated.EpisodeKey.Should().Be("A:2022-01-10");
        reactivated.InactiveSince.Should().Be(new DateOnly(2023, 1, 11));
        reactivated.ReactivatedOn.Should().Be(new DateOnly(2024, 2, 15), "the first purchase after the episode began");
        reactivated.DaysInactive.Should().Be(400);
        reactivated.Customer.Status.Should().Be("Ativo");
        reactivated.Reasons[0].Should().Be("nova compra em 2024-02-15 após 400 dias inativo");
        var b = (await HistoryAsync(core, "B")).Should().ContainSingle().Which.Should().BeOfType<CustomerBecameInactive>().Subject;
        b.EpisodeKey.Should().Be("B:2023-06-01");
        (await HistoryAsync(core, "C")).Should().HaveCount(1, "C's episode is still open: nothing new to say");

        var third = await core.RunAsync("2026-06-01");

        third.Run.BecameInactive.Should().Be(1);
        var again = (await HistoryAsync(core, "A"))[2].Should().BeOfType<CustomerBecameInactive>().Subject;
        again.EpisodeKey.Should().Be("A:2024-03-01", "a new episode starts from the last purchase before it");
        again.Customer.InactivityLimitDays.Should().Be(730);
        again.Reasons[0].Should().Be("recência de 822 dias > limite máximo de 730 dias (3 × intervalo mediano de 390,5 dias = 1171,5 dias)");
        (await core.LifecycleEventsAsync()).Select(e => e.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task EarlierDate_ShouldBeRefused_UnlessTheLifecycleIsRebuilt()
    {
        var lake = NewLake();
        await using var core = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);
        await core.RunAsync("2024-06-30");

        var refused = () => core.RunAsync("2024-01-01");

        (await refused.Should().ThrowAsync<RunRefusedException>()).Which.Message
            .Should().Contain("2024-01-01 is earlier than the last completed run (2024-06-30").And.Contain("--rebuild");

        var rebuilt = await core.RunAsync("2024-01-01", rebuild: true);
        rebuilt.Run.Generation.Should().Be(1);
        rebuilt.Run.BecameInactive.Should().Be(2, "the new generation starts with no open episode");
        var replayed = await core.RunAsync("2024-06-30");
        replayed.Run.Generation.Should().Be(1);
        replayed.Run.BecameInactive.Should().Be(1, "B lapses in between");
        (await core.Runner.LatestCompletedAsync(CancellationToken.None))!.RunId.Should().Be(replayed.Run.RunId);
    }

    [Fact]
    public async Task EmptyLake_ShouldBeRefusedWithAClearMessage()
    {
        await using var core = await SegmentationCore.StartAsync(postgres, Path.Combine(_folder, "empty-lake"));

        var run = () => core.RunAsync(null);

        (await run.Should().ThrowAsync<RunRefusedException>()).Which.Message.Should().Contain("no purchases in the lake yet");
    }

    [Fact]
    public async Task WithoutADate_ShouldSegmentAsOfTheLatestPurchase()
    {
        var lake = NewLake();
        await using var core = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);

        var run = await core.RunAsync(null);

        run.Run.AsOf.Should().Be(new DateOnly(2023, 6, 1));
    }

    [Fact]
    public async Task CompletedRun_ShouldBeWhatTheBiViewsShow()
    {
        var lake = NewLake();
        await using var core = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);
        await core.RunAsync("2024-01-01");

        using var bi = new DuckDBConnection($"DataSource={lake.Layout.BiCatalogFile};ACCESS_MODE=READ_ONLY");
        bi.Open();
        var kpis = Row(bi, "SELECT * FROM vw_kpis");
        kpis["soma_gmv_success"].Should().Be(950m);
        kpis["soma_total_tickets_quantity_success"].Should().Be(6L);
        kpis["valor_inativo_alto_valor"].Should().Be(500m, "A is the top spender and inactive");
        kpis["clientes_inativo_alto_valor"].Should().Be(1L);
        Row(bi, "SELECT clientes FROM vw_status_clientes WHERE status_cliente = 'Inativo'")["clientes"].Should().Be(2L);
        Row(bi, "SELECT count(*) AS n FROM vw_clientes_segmentados")["n"].Should().Be(3L);
        Row(bi, "SELECT CAST(sum(pedidos) AS BIGINT) AS n FROM vw_vendas_anuais")["n"].Should().Be(6L);
        Row(bi, "SELECT count(*) AS n FROM vw_vendas_diarias")["n"].Should().Be(6L);
        Row(bi, "SELECT CAST(sum(clientes) AS BIGINT) AS n FROM vw_resumo_segmentos")["n"].Should().Be(3L);
    }

    [Fact]
    public async Task Export_ShouldWriteEveryRuleColumnUnderItsNameAndTheReasons()
    {
        var lake = NewLake();
        await using var core = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);
        var run = (await core.RunAsync("2024-01-01")).Run;

        using var output = new StringWriter();
        var rows = SegmentsCsv.Write(lake.Layout, run.SnapshotPath!, new SegmentationRules(), output);

        rows.Should().Be(3);
        var lines = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be(
            "fk_contact,data_referencia,primeira_compra,ultima_compra,frequencia,dias_com_compra,valor_total_gasto,total_passagens,ticket_medio," +
            "recencia_dias,intervalo_mediano_dias,limite_inatividade_dias,regra_limite,anos_com_compra,share_alta_temporada,status_cliente," +
            "percentil_valor,faixa_valor,perfil_cliente,sazonal,segmento_viajante,score_r,score_f,score_m,pontuacao_rfm,potencial_cliente,motivos");
        lines[1].Should().StartWith("A,2024-01-01,2022-01-10,2022-01-10,1,1,500.00,1,500.00,721,,365,padrao,1,1.000000,Inativo,1.000000,Alto Valor,Inativo de Alto Valor,false,Viajante de Alto Valor,");
        lines[1].Should().EndWith(",\"recência de 721 dias > limite de 365 dias (padrão) | valor total de R$ 500,00 no percentil 1 de valor: Alto Valor (Alto Valor a partir de 0,8) | Viajante de Alto Valor: faixa Alto Valor | potencial Prata: pontuação RFM 8 = R 2 + F 1 + M 5 (Ouro a partir de 11, Prata a partir de 7)\"");
        lines[3].Should().StartWith("C,2024-01-01,2020-01-01,2020-04-01,4,4,400.00,4,100.00,1370,31.0,93,intervalo_pessoal,");
    }

    [Fact]
    public async Task Run_ShouldLeavePostgresStatisticsThatKnowTheNewStreams()
    {
        // The relay's page query is planned from these statistics; stale ones after a bulk load made it sort the whole
        // remainder of the event table for every page (see LifecycleTransitions).
        var lake = NewLake();
        await using var core = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);

        await core.RunAsync("2024-01-01");

        var database = core.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using var command = database.CreateCommand("""
            SELECT c.relname, c.reltuples, s.last_analyze IS NOT NULL
            FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE s.schemaname = 'segmentation' AND c.relname IN ('mt_events', 'mt_streams')
            """);
        var statistics = new Dictionary<string, (float Rows, bool Analyzed)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                statistics[reader.GetString(0)] = (reader.GetFloat(1), reader.GetBoolean(2));
            }
        }

        statistics["mt_streams"].Analyzed.Should().BeTrue("the run analyzes the tables it bulk-loaded");
        statistics["mt_streams"].Rows.Should().BeGreaterThanOrEqualTo(2, "two customers' streams were started");
        statistics["mt_events"].Rows.Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Sessions_ShouldPlanForSsdStorage_UnlessTheConnectionStringSaysOtherwise()
    {
        var lake = NewLake();
        await using var tuned = await SegmentationCore.StartAsync(postgres, lake.Layout.Root);
        (await RandomPageCostAsync(tuned)).Should().Be("1.1");

        var connectionString = await postgres.NewDatabaseAsync() + ";Options=-c random_page_cost=2";
        await using var chosen = await SegmentationCore.StartAsync(postgres, lake.Layout.Root,
            new Dictionary<string, string?> { [InactiveCustomers.ServiceDefaults.PostgresExtensions.SettingName] = connectionString });
        (await RandomPageCostAsync(chosen)).Should().Be("2");
    }

    private static async Task<string> RandomPageCostAsync(SegmentationCore core)
    {
        await using var command = core.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand("SHOW random_page_cost");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<List<object>> HistoryAsync(SegmentationCore core, string customer)
    {
        var store = core.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var generation = (await core.Runner.LatestCompletedAsync(CancellationToken.None))?.Generation ?? 0;
        var events = await session.Events.FetchStreamAsync(StableIds.CustomerStream(generation, customer));
        return events.Select(e => e.Data).ToList();
    }

    private static Dictionary<string, object?> Row(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue(sql);
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }
}
