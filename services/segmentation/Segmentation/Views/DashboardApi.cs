using System.Globalization;
using DuckDB.NET.Data;
using InactiveCustomers.DataLake;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InactiveCustomers.Segmentation.Views;

/// <summary>
/// <c>GET /api/dashboard?ano=&amp;trimestre=&amp;mes=</c>: what the dashboard page shows, read from the BI views in
/// <c>bi.duckdb</c> (the same numbers Power BI sees). The period filters narrow the sales (KPI sums, sales by date,
/// by year); the customer parts are the latest completed run.
/// </summary>
public static class DashboardApi
{
    public sealed record Kpis(decimal SomaGmvSuccess, long SomaTotalTicketsQuantitySuccess, decimal ValorInativoAltoValor, long ClientesInativoAltoValor);

    public sealed record StatusCount(string Status, long Clientes);

    public sealed record DailySales(DateOnly Data, decimal GmvSuccess, long TotalTicketsQuantitySuccess, long Pedidos);

    public sealed record YearSales(int Ano, decimal GmvSuccess, long TotalTicketsQuantitySuccess, long Pedidos);

    public sealed record Group(string Nome, long Clientes, decimal ValorTotalGasto);

    public sealed record Dashboard(
        int? Ano, int? Trimestre, int? Mes, Kpis Kpis, IReadOnlyList<StatusCount> StatusClientes, IReadOnlyList<DailySales> VendasPorData,
        IReadOnlyList<YearSales> VendasPorAno, IReadOnlyList<Group> PorPerfil, IReadOnlyList<Group> PorPotencial);

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", Get).WithTags("Dashboard")
            .WithSummary("KPIs, active vs inactive, sales by date and by year, customers by perfil and potencial; ?ano=&trimestre=&mes=");
        return app;
    }

    private static Results<Ok<Dashboard>, ValidationProblem, ProblemHttpResult> Get(LakeLayout lake, int? ano, int? trimestre, int? mes)
    {
        var errors = new Dictionary<string, string[]>();
        if (ano is < 2000 or > 2100)
        {
            errors["ano"] = [$"{ano} is not a year from 2000 to 2100"];
        }

        if (trimestre is < 1 or > 4)
        {
            errors["trimestre"] = [$"{trimestre} is not a quarter from 1 to 4"];
        }

        if (mes is < 1 or > 12)
        {
            errors["mes"] = [$"{mes} is not a month from 1 to 12"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!File.Exists(lake.BiCatalogFile))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No BI views yet",
                detail: "the BI views are not written yet: no segmentation run has completed (POST /api/segmentation-runs or 'inactive-customers segment'), or one completed a moment ago");
        }

        using var connection = new DuckDBConnection($"DataSource={lake.BiCatalogFile};ACCESS_MODE=READ_ONLY");
        connection.Open();
        var period = string.Join(" AND ", new[]
        {
            ano is { } a ? $"ano = {a.ToString(CultureInfo.InvariantCulture)}" : null,
            trimestre is { } t ? $"trimestre = {t.ToString(CultureInfo.InvariantCulture)}" : null,
            mes is { } m ? $"mes = {m.ToString(CultureInfo.InvariantCulture)}" : null,
        }.Where(condition => condition is not null).DefaultIfEmpty("TRUE"));

        var daily = Read(connection, $"SELECT data, gmv_success, total_tickets_quantity_success, pedidos FROM vw_vendas_diarias WHERE {period} ORDER BY data",
            r => new DailySales(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetDecimal(1), r.GetInt64(2), r.GetInt64(3)));
        var yearly = Read(connection, $"""
            SELECT ano, sum(gmv_success), CAST(sum(total_tickets_quantity_success) AS BIGINT), CAST(sum(pedidos) AS BIGINT)
            FROM vw_vendas_diarias WHERE {period} GROUP BY ano ORDER BY ano
            """, r => new YearSales(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), r.GetDecimal(1), r.GetInt64(2), r.GetInt64(3)));
        var customers = Read(connection, "SELECT valor_inativo_alto_valor, clientes_inativo_alto_valor FROM vw_kpis",
            r => (Valor: r.GetDecimal(0), Clientes: r.GetInt64(1)))[0];
        var kpis = new Kpis(daily.Sum(d => d.GmvSuccess), daily.Sum(d => d.TotalTicketsQuantitySuccess), customers.Valor, customers.Clientes);
        var status = Read(connection, "SELECT status_cliente, clientes FROM vw_status_clientes ORDER BY status_cliente", r => new StatusCount(r.GetString(0), r.GetInt64(1)));
        var perfil = Groups(connection, "perfil_cliente");
        var potencial = Groups(connection, "potencial_cliente");
        return TypedResults.Ok(new Dashboard(ano, trimestre, mes, kpis, status, daily, yearly, perfil, potencial));
    }

    private static List<Group> Groups(DuckDBConnection connection, string column) => Read(connection, $"""
        SELECT {column}, CAST(sum(clientes) AS BIGINT), sum(valor_total_gasto) FROM vw_resumo_segmentos GROUP BY {column} ORDER BY {column}
        """, r => new Group(r.GetString(0), r.GetInt64(1), r.GetDecimal(2)));

    private static List<T> Read<T>(DuckDBConnection connection, string sql, Func<DuckDBDataReader, T> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
