using DuckDB.NET.Data;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;

namespace InactiveCustomers.Segmentation.Views;

/// <summary>
/// The <c>vw_*</c> views (<c>bi-views.sql</c>) for each engine. The SQL is written once; a dialect says what the
/// two relations it reads are: locally the committed Parquet files of the lake, in Athena the Glue tables.
/// </summary>
public static class BiViews
{
    public static readonly IReadOnlyList<string> Names =
        ["vw_vendas_diarias", "vw_vendas_anuais", "vw_clientes_segmentados", "vw_status_clientes", "vw_resumo_segmentos", "vw_kpis"];

    private static readonly Lazy<string> Template = new(() =>
        EmbeddedSql.Read(typeof(BiViews).Assembly, "InactiveCustomers.Segmentation.Views.bi-views.sql"));

    /// <summary>What the views read, per engine.</summary>
    public sealed record Dialect(string Purchases, string CustomerSegments);

    /// <summary>
    /// Athena (Trino): the Glue tables <c>purchases</c> and <c>customer_segments</c>, whose <c>as_of</c> partitions
    /// are registered when a run completes, so the newest partition is the latest completed run.
    /// </summary>
    public static readonly Dialect Athena = new(
        "purchases",
        "(SELECT * FROM customer_segments WHERE as_of = (SELECT max(as_of) FROM customer_segments))");

    /// <summary>DuckDB over this lake: the <c>purchases</c> view, and the snapshot of the latest completed run.</summary>
    public static Dialect Local(LakeLayout lake, string snapshotPath) =>
        new("purchases", $"read_parquet({LocalCatalog.Literal(lake.FullPath(snapshotPath))})");

    /// <summary>The CREATE VIEW statements for <paramref name="dialect"/>.</summary>
    public static string Sql(Dialect dialect) => Template.Value
        .Replace("{{purchases}}", dialect.Purchases, StringComparison.Ordinal)
        .Replace("{{customer_segments}}", dialect.CustomerSegments, StringComparison.Ordinal);

    /// <summary>Creates <c>purchases</c> and the views in <paramref name="connection"/>, an engine of this process.</summary>
    public static void Create(DuckDBConnection connection, LakeLayout lake, string? snapshotPath)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PurchasesManifest.ViewSql(lake, PurchasesManifest.Read(lake)) + ";\n" + LocalSql(lake, snapshotPath);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Writes <c>bi.duckdb</c> in the lake: the views over the latest completed run, for Power BI (DuckDB ODBC) and
    /// anyone with the DuckDB command line. Written to a new file and moved into place, so a reader never sees half.
    /// </summary>
    public static void WriteDatabase(LakeLayout lake, string? snapshotPath)
    {
        var temporary = lake.BiCatalogFile + $".{Environment.ProcessId}.tmp";
        File.Delete(temporary);
        using (var connection = new DuckDBConnection($"DataSource={temporary}"))
        {
            connection.Open();
            Create(connection, lake, snapshotPath);
        }

        File.Move(temporary, lake.BiCatalogFile, overwrite: true);
    }

    private static string LocalSql(LakeLayout lake, string? snapshotPath)
    {
        if (snapshotPath is not null)
        {
            return Sql(Local(lake, snapshotPath));
        }

        // No run yet: the customer views exist with the snapshot's columns and no rows.
        var empty = new Dialect("purchases", "(SELECT * FROM segmentos_vazios)");
        return "CREATE OR REPLACE TABLE segmentos_vazios AS SELECT * FROM (" + EmptySegments + ") AS segmentos LIMIT 0;\n" + Sql(empty);
    }

    private static string EmptySegments => Rules.CustomerSegmentsSql.For(new DateOnly(2000, 1, 1), new Rules.SegmentationRules());
}
