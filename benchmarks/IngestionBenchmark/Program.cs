using System.Diagnostics;
using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.Ingestion.Validation;

// Ingestion at full size against DuckDB alone, in the same run (the machine is shared and noisy):
//   dotnet run -c Release --project benchmarks/IngestionBenchmark -- [ROWS] [WORK-FOLDER]
// The file has no bad rows, since DuckDB alone stops at the first one. SEQUENTIAL=1 validates on one thread.
// Targets (issue #3): end to end <= 1.5 x DuckDB's own CSV -> Parquet COPY, >= 100 MB/s, peak memory <= 1 GiB;
// the same file again <= 2 s.
var rows = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : GeneratorOptions.FullSizeRows;
var work = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "ingestion-benchmark");
Directory.CreateDirectory(work);
var file = Path.Combine(work, $"purchases-{rows}.csv");
if (!File.Exists(file))
{
    Console.WriteLine($"generating {rows:N0} rows …");
    using var output = File.Create(file);
    new PurchaseFileGenerator(new GeneratorOptions(rows, 42, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0, false)).Generate(output);
}

var megabytes = new FileInfo(file).Length / 1e6;
Console.WriteLine($"input: {file} ({megabytes:N0} MB, {rows:N0} rows)");

double Time(Action action)
{
    var stopwatch = Stopwatch.StartNew();
    action();
    return stopwatch.Elapsed.TotalSeconds;
}

void DuckDb(string sql)
{
    using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}

var lake = Path.Combine(work, "lake");
if (Directory.Exists(lake))
{
    Directory.Delete(lake, recursive: true);
}

IngestionReport report = null!;
double peakMiB;
double endToEnd;
double again;
using (var catalog = LocalCatalog.Open(new LakeLayout(lake)))
{
    var ingestor = new PurchaseFileIngestor(catalog, TimeProvider.System);
    if (Environment.GetEnvironmentVariable("SEQUENTIAL") == "1")
    {
        ingestor.ParallelThreshold = long.MaxValue;
    }
    endToEnd = Time(() => report = ingestor.IngestFile(file));
    again = Time(() => ingestor.IngestFile(file));
}

// Peak memory of the ingestion alone: measured before DuckDB's baseline runs in this process.
using (var self = Process.GetCurrentProcess())
{
    peakMiB = self.PeakWorkingSet64 / (1024.0 * 1024);
}

var baselineTarget = Path.Combine(work, "baseline.parquet");
var baseline = Time(() => DuckDb($"COPY (SELECT * FROM read_csv('{file}')) TO '{baselineTarget}' (FORMAT parquet)"));
var baselineUnordered = Time(() => DuckDb($"SET preserve_insertion_order = false; COPY (SELECT * FROM read_csv('{file}')) TO '{baselineTarget}' (FORMAT parquet)"));

// The same output shape as the lake: one folder per year and month.
var partitionedTarget = Path.Combine(work, "baseline-partitioned");
var baselinePartitioned = Time(() => DuckDb(
    $"COPY (SELECT *, year(date_purchase) AS year, month(date_purchase) AS month FROM read_csv('{file}')) TO '{partitionedTarget}' (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE)"));

var validateOnly = Time(() =>
{
    using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
    new PurchaseFileValidator(DateOnly.FromDateTime(DateTime.UtcNow)).Run(input, Stream.Null, new Discard(), new HashSet<UInt128>(), [], CancellationToken.None);
});

Console.WriteLine();
Console.WriteLine($"{"measure",-52} {"value",10}");
Console.WriteLine($"{"DuckDB COPY csv -> parquet, default settings (s)",-52} {baseline,10:N2}");
Console.WriteLine($"{"DuckDB COPY, preserve_insertion_order = false (s)",-52} {baselineUnordered,10:N2}");
Console.WriteLine($"{"DuckDB COPY partitioned by year, month (s)",-52} {baselinePartitioned,10:N2}");
Console.WriteLine($"{"validation pass alone, no output (s)",-52} {validateOnly,10:N2}");
Console.WriteLine($"{"ingest end to end (s)",-52} {endToEnd,10:N2}");
Console.WriteLine($"{"  of which " + string.Join(", ", report.TimingsMs.Select(t => $"{t.Key} {t.Value / 1000.0:N1}")),-52}");
Console.WriteLine($"{"ingest / DuckDB default COPY",-52} {endToEnd / baseline,10:N2}");
Console.WriteLine($"{"ingest / DuckDB unordered COPY",-52} {endToEnd / baselineUnordered,10:N2}");
Console.WriteLine($"{"ingest / DuckDB partitioned COPY",-52} {endToEnd / baselinePartitioned,10:N2}");
Console.WriteLine($"{"ingest throughput (MB/s)",-52} {megabytes / endToEnd,10:N0}");
Console.WriteLine($"{"same file again (s)",-52} {again,10:N2}");
Console.WriteLine($"{"peak memory while ingesting (MiB)",-52} {peakMiB,10:N0}");
Console.WriteLine($"rows accepted {report.RowsAccepted:N0}, rejected {report.RowsRejected:N0}, duplicates {report.DuplicatesDropped:N0}");

internal sealed class Discard : IAcceptedOrders
{
    public void Add(long line, in PurchaseRow row, UInt128 orderKey)
    {
    }
}
