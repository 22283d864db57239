using DuckDB.NET.Data;
using InactiveCustomers.Contracts;
using InactiveCustomers.Segmentation.Rules;

namespace InactiveCustomers.Segmentation.Tests.Rules;

/// <summary>A <c>purchases</c> table in an in-memory DuckDB with the curated columns, and the rules run over it.</summary>
internal sealed class RulesSandbox : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");
    private int _order;

    public RulesSandbox()
    {
        _connection.Open();
        Execute("""
            CREATE TABLE purchases (
                nk_ota_localizer_id VARCHAR, fk_contact VARCHAR, date_purchase DATE,
                gmv_success DECIMAL(12, 2), total_tickets_quantity_success INTEGER)
            """);
    }

    /// <summary>Adds an order of <paramref name="customer"/> on <paramref name="date"/> (yyyy-MM-dd).</summary>
    public RulesSandbox Buy(string customer, string date, decimal gmv = 100m, int tickets = 1)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO purchases VALUES ($id, $customer, CAST($date AS DATE), $gmv, $tickets)";
        command.Parameters.Add(new DuckDBParameter("id", $"order-{++_order}"));
        command.Parameters.Add(new DuckDBParameter("customer", customer));
        command.Parameters.Add(new DuckDBParameter("date", date));
        command.Parameters.Add(new DuckDBParameter("gmv", gmv));
        command.Parameters.Add(new DuckDBParameter("tickets", tickets));
        command.ExecuteNonQuery();
        return this;
    }

    /// <summary>Buys on each of <paramref name="dates"/>.</summary>
    public RulesSandbox BuyOn(string customer, params string[] dates)
    {
        foreach (var date in dates)
        {
            Buy(customer, date);
        }

        return this;
    }

    public Dictionary<string, SegmentedCustomer> Segment(string referenceDate, SegmentationRules? rules = null)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = CustomerSegmentsSql.For(DateOnly.Parse(referenceDate, System.Globalization.CultureInfo.InvariantCulture), rules ?? new SegmentationRules());
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, SegmentedCustomer>();
        while (reader.Read())
        {
            var row = SegmentedCustomer.Read(reader);
            rows.Add(row.Segment.CustomerId, row);
        }

        return rows;
    }

    public CustomerSegment Only(string referenceDate, string customer, SegmentationRules? rules = null) => Segment(referenceDate, rules)[customer].Segment;

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
