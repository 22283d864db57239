using DuckDB.NET.Data;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.Segmentation.Views;

namespace InactiveCustomers.Segmentation.Tests.Views;

/// <summary>
/// The Athena text of the BI views is committed beside bi-views.sql (for whoever deploys them with Terraform or the
/// console) and must be exactly what the views' SQL generates, so that the two never drift apart.
/// </summary>
public class AthenaViewsTests
{
    private static readonly string Committed = Path.Combine(AppContext.BaseDirectory, BiViews.AthenaFileName);

    [Fact]
    public void CommittedAthenaText_ShouldBeWhatBiViewsSqlGenerates()
    {
        var committed = File.ReadAllText(Committed).ReplaceLineEndings("\n");

        committed.Should().Be(BiViews.AthenaScript(),
            "services/segmentation/Segmentation/Views/bi-views.athena.sql is generated: regenerate it with " +
            "'./inactive-customers athena-views --out services/segmentation/Segmentation/Views/bi-views.athena.sql'");
    }

    [Fact]
    public void AthenaText_ShouldDefineEveryViewOnce()
    {
        var script = BiViews.AthenaScript();

        foreach (var name in BiViews.Names)
        {
            script.Split($"CREATE OR REPLACE VIEW {name} AS").Should().HaveCount(2, $"{name} is created exactly once");
        }

        script.Should().NotContain("{{", "every placeholder of bi-views.sql is filled in by the Athena dialect");
        script.Should().NotContain("read_parquet", "Athena reads the Glue tables, not files");
    }

    [Fact]
    public void AthenaViews_ShouldShowOnlyTheNewestPartitionOfCustomerSegments()
    {
        // Glue tables stood in for by DuckDB tables of the same shape: two runs' partitions of customer_segments.
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, """
            CREATE TABLE purchases (
                nk_ota_localizer_id VARCHAR, fk_contact VARCHAR, date_purchase DATE,
                gmv_success DECIMAL(12, 2), total_tickets_quantity_success INTEGER);
            INSERT INTO purchases VALUES
                ('o1', 'a', DATE '2023-01-10', 100.00, 1), ('o2', 'a', DATE '2023-03-10', 50.50, 2),
                ('o3', 'b', DATE '2023-02-01', 80.00, 1), ('o4', 'c', DATE '2024-05-01', 30.00, 1), ('o5', 'd', DATE '2024-05-02', 0.00, 1)
            """);
        var rules = new SegmentationRules();
        Execute(connection,
            $"CREATE TABLE customer_segments AS SELECT *, DATE '2023-06-01' AS as_of FROM ({CustomerSegmentsSql.For(new DateOnly(2023, 6, 1), rules)}) AS s;\n" +
            $"INSERT INTO customer_segments SELECT *, DATE '2024-06-01' AS as_of FROM ({CustomerSegmentsSql.For(new DateOnly(2024, 6, 1), rules)}) AS s;");

        Execute(connection, BiViews.AthenaScript());

        Scalar(connection, "SELECT count(*) FROM customer_segments").Should().Be(5L, "the older partition has a and b, the newer one a, b and c (d has no successful order)");
        Scalar(connection, "SELECT CAST(sum(clientes) AS BIGINT) FROM vw_status_clientes").Should().Be(3L);
        Scalar(connection, "SELECT CAST(min(data_referencia) AS VARCHAR) FROM vw_clientes_segmentados").Should().Be("2024-06-01");
        Scalar(connection, "SELECT soma_gmv_success FROM vw_kpis").Should().Be(260.50m, "only orders with gmv_success > 0 count");
        Scalar(connection, "SELECT pedidos FROM vw_vendas_anuais WHERE ano = 2023").Should().Be(3L);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
