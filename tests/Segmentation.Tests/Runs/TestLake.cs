using System.Globalization;
using DuckDB.NET.Data;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;

namespace InactiveCustomers.Segmentation.Tests.Runs;

/// <summary>
/// A lake whose curated purchases are written here as a batch would land them: a Parquet file per batch with the
/// curated columns, listed in the committed-files manifest that readers go by.
/// </summary>
internal sealed class TestLake(string root)
{
    private readonly List<(string Customer, string Date, decimal Gmv, int Tickets)> _pending = [];
    private readonly List<string> _files = [];
    private int _orders;

    public LakeLayout Layout { get; } = new(root);

    public TestLake Buy(string customer, string date, decimal gmv = 100m, int tickets = 1)
    {
        _pending.Add((customer, date, gmv, tickets));
        return this;
    }

    public TestLake BuyOn(string customer, params string[] dates)
    {
        foreach (var date in dates)
        {
            Buy(customer, date);
        }

        return this;
    }

    /// <summary>Lands the orders bought since the last batch as one batch.</summary>
    public TestLake Land()
    {
        var relative = $"{LakeLayout.CuratedPurchases}/year=2000/month=01/batch-{_files.Count + 1}.parquet";
        var path = Layout.FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE orders (nk_ota_localizer_id VARCHAR, fk_contact VARCHAR, date_purchase DATE,
                                     gmv_success DECIMAL(12, 2), total_tickets_quantity_success INTEGER)
                """;
            create.ExecuteNonQuery();
        }

        using (var appender = connection.CreateAppender("orders"))
        {
            foreach (var (customer, date, gmv, tickets) in _pending)
            {
                appender.CreateRow()
                    .AppendValue($"order-{++_orders}")
                    .AppendValue(customer)
                    .AppendValue(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .AppendValue(gmv)
                    .AppendValue(tickets)
                    .EndRow();
            }
        }

        using (var copy = connection.CreateCommand())
        {
            copy.CommandText = $"COPY orders TO {LocalCatalog.Literal(path)} (FORMAT parquet)";
            copy.ExecuteNonQuery();
        }

        _pending.Clear();
        _files.Add(relative);
        PurchasesManifest.Write(Layout, _files);
        return this;
    }
}
