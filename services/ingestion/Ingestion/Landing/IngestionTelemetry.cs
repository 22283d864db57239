using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>The ingestion service's trace source and meter (named as the service, so the defaults export them).</summary>
internal static class IngestionTelemetry
{
    public const string Name = "ingestion";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RowsAccepted = Meter.CreateCounter<long>("ingestion.rows.accepted", "{row}", "Orders landed in the curated zone");

    public static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>("ingestion.rows.rejected", "{row}", "Rows written to rejects files, by reason");

    public static readonly Counter<long> RowsDuplicated = Meter.CreateCounter<long>("ingestion.rows.duplicated", "{row}", "Rows dropped because their order had already landed");

    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("ingestion.batches", "{batch}", "Files processed, by outcome");

    public static readonly Histogram<double> Throughput = Meter.CreateHistogram<double>("ingestion.throughput", "By/s", "Bytes per second of a batch, receipt to commit");
}
