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

    /// <summary>Where the Athena text is kept in the repository, beside <c>bi-views.sql</c>.</summary>
    public const string AthenaFileName = "bi-views.athena.sql";

    /// <summary>
    /// The views as Athena runs them, one statement at a time (Athena takes one per query), with a header saying
    /// where they come from. This is the text of <see cref="AthenaFileName"/>; a test keeps the two equal.
    /// </summary>
    public static string AthenaScript() =>
        "-- GENERATED from bi-views.sql with the Athena dialect of BiViews.cs: do not edit by hand.\n" +
        "-- Regenerate: ./inactive-customers athena-views --out services/segmentation/Segmentation/Views/bi-views.athena.sql\n" +
        "-- Run each statement as its own Athena query, in the Glue database that holds the tables purchases and\n" +
        "-- customer_segments (partitioned by as_of; a partition is added when a segmentation run completes).\n\n" +
        Statements(Sql(Athena));

    /// <summary>The CREATE VIEW statements of <paramref name="sql"/> without the file's comments, one per paragraph.</summary>
    private static string Statements(string sql)
    {
        var lines = sql.ReplaceLineEndings("\n").Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal));
        return string.Join("\n", lines).Trim() + "\n";
    }

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
