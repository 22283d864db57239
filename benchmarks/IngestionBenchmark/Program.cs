using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.Ingestion.Validation;

// Ingestion at full size against DuckDB alone, in the same run (the machine is shared and noisy):
//   dotnet run -c Release --project benchmarks/IngestionBenchmark -- [ROWS] [WORK-FOLDER] [ROUNDS]
// Each round times DuckDB's COPY and one ingestion into a fresh lake, in alternating order; the ingestion runs in a
// fresh process each time, as `inactive-customers ingest FILE` does (nothing compiled or cached from an earlier
// round). Before each timed step the kernel is made to write out what earlier steps left in the page cache, so that
// no step pays for another's disk writes. Medians are reported. The file has no bad rows, since DuckDB alone stops
// at the first one.
// SEQUENTIAL=1 validates on one thread.
// Targets (issue #3): end to end <= 1.5 x DuckDB's own CSV -> Parquet COPY, >= 100 MB/s, peak memory <= 1 GiB;
// the same file again <= 2 s.
if (args is ["--ingest-once", var onceFile, var onceLake])
{
    IngestOnce(onceFile, onceLake);
    return;
}

var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : GeneratorOptions.FullSizeRows;
var work = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "ingestion-benchmark");
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
Directory.CreateDirectory(work);
var file = Path.Combine(work, $"purchases-{rows}.csv");
if (!File.Exists(file))
{
    Console.WriteLine($"generating {rows:N0} rows …");
    GeneratedPurchaseFile.Write(new GeneratorOptions(rows, 42, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0, false), file);
}

var megabytes = new FileInfo(file).Length / 1e6;
Console.WriteLine($"input: {file} ({megabytes:N0} MB, {rows:N0} rows), {rounds} rounds");

var baselineTarget = Path.Combine(work, "baseline.parquet");
var lake = Path.Combine(work, "lake");
var baselines = new List<double>();
var ingestions = new List<Run>();
for (var round = 0; round < rounds; round++)
{
    double Baseline() => TimeAfterSync(() => DuckDb($"COPY (SELECT * FROM read_csv('{file}')) TO '{baselineTarget}' (FORMAT parquet)"));
    Run Ingest()
    {
        if (Directory.Exists(lake))
        {
            Directory.Delete(lake, recursive: true);
        }

        Sync();
        return IngestInChildProcess(file, lake);
    }

    if (round % 2 == 0)
    {
        baselines.Add(Baseline());
        ingestions.Add(Ingest());
    }
    else
    {
        ingestions.Add(Ingest());
        baselines.Add(Baseline());
    }

    Console.WriteLine($"round {round + 1}: DuckDB COPY {baselines[^1]:N2} s, ingest {ingestions[^1].Seconds:N2} s ({ingestions[^1].Steps}), ratio {ingestions[^1].Seconds / baselines[^1]:N2}");
}

var baselineUnordered = TimeAfterSync(() => DuckDb($"SET preserve_insertion_order = false; COPY (SELECT * FROM read_csv('{file}')) TO '{baselineTarget}' (FORMAT parquet)"));

// The same output shape as the lake: one folder per year and month.
var partitionedTarget = Path.Combine(work, "baseline-partitioned");
var baselinePartitioned = TimeAfterSync(() => DuckDb(
    $"COPY (SELECT *, year(date_purchase) AS year, month(date_purchase) AS month FROM read_csv('{file}')) TO '{partitionedTarget}' (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE)"));

var validateOnly = Time(() =>
{
    using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
    new PurchaseFileValidator(DateOnly.FromDateTime(DateTime.UtcNow)).Run(input, Stream.Null, new Discard(), new HashSet<UInt128>(), [], CancellationToken.None);
});

var baseline = Median(baselines);
var endToEnd = Median(ingestions.Select(r => r.Seconds));
var ratios = ingestions.Zip(baselines, (i, b) => i.Seconds / b).ToList();
var last = ingestions[^1];
Console.WriteLine();
Console.WriteLine($"{"measure (medians over " + rounds + " rounds)",-52} {"value",10}");
Console.WriteLine($"{"DuckDB COPY csv -> parquet, default settings (s)",-52} {baseline,10:N2}");
Console.WriteLine($"{"DuckDB COPY, preserve_insertion_order = false (s)",-52} {baselineUnordered,10:N2}");
Console.WriteLine($"{"DuckDB COPY partitioned by year, month (s)",-52} {baselinePartitioned,10:N2}");
Console.WriteLine($"{"validation pass alone, no output, warm (s)",-52} {validateOnly,10:N2}");
Console.WriteLine($"{"ingest end to end, fresh process (s)",-52} {endToEnd,10:N2}");
Console.WriteLine($"{"ingest / DuckDB default COPY, median of rounds",-52} {Median(ratios),10:N2}");
Console.WriteLine($"{"  range over rounds",-52} {ratios.Min(),5:N2}–{ratios.Max():N2}");
Console.WriteLine($"{"ingest / DuckDB unordered COPY",-52} {endToEnd / baselineUnordered,10:N2}");
Console.WriteLine($"{"ingest / DuckDB partitioned COPY",-52} {endToEnd / baselinePartitioned,10:N2}");
Console.WriteLine($"{"ingest throughput (MB/s)",-52} {megabytes / endToEnd,10:N0}");
Console.WriteLine($"{"same file again (s)",-52} {Median(ingestions.Select(r => r.AgainSeconds)),10:N2}");
Console.WriteLine($"{"peak memory while ingesting, worst round (MiB)",-52} {ingestions.Max(r => r.PeakMiB),10:N0}");
Console.WriteLine($"rows accepted {last.Accepted:N0}, rejected {last.Rejected:N0}, duplicates {last.Duplicates:N0}");

static double Time(Action action)
{
    var stopwatch = Stopwatch.StartNew();
    action();
    return stopwatch.Elapsed.TotalSeconds;
}

static double TimeAfterSync(Action action)
{
    Sync();
    return Time(action);
}

// Writes every dirty page of the page cache out (coreutils' sync).
static void Sync()
{
    using var sync = Process.Start("sync");
    sync.WaitForExit();
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static void DuckDb(string sql)
{
    using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}

// Runs this program again to ingest once, and reads its result line.
static Run IngestInChildProcess(string file, string lake)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (!Environment.ProcessPath!.EndsWith("IngestionBenchmark", StringComparison.Ordinal))
    {
        start.ArgumentList.Add(typeof(Run).Assembly.Location); // started through `dotnet`
    }

    foreach (var argument in (string[])["--ingest-once", file, lake])
    {
        start.ArgumentList.Add(argument);
    }

    using var child = Process.Start(start)!;
    var output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    return child.ExitCode == 0
        ? JsonSerializer.Deserialize<Run>(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!
        : throw new InvalidOperationException($"the ingestion process failed ({child.ExitCode}): {output}");
}

// One ingestion in this (fresh) process, then the same file again; the result as one JSON line.
static void IngestOnce(string file, string lake)
{
    using var catalog = LocalCatalog.Open(new LakeLayout(lake));
    var ingestor = new PurchaseFileIngestor(catalog, TimeProvider.System);
    if (Environment.GetEnvironmentVariable("SEQUENTIAL") == "1")
    {
        ingestor.ParallelThreshold = long.MaxValue;
    }

    IngestionReport report = null!;
    var seconds = Time(() => report = ingestor.IngestFile(file));
    var again = Time(() => ingestor.IngestFile(file));
    using var self = Process.GetCurrentProcess();
    var steps = string.Join(", ", report.TimingsMs.Select(t => $"{t.Key} {t.Value / 1000.0:N1}"));
    Console.WriteLine(JsonSerializer.Serialize(new Run(seconds, again, self.PeakWorkingSet64 / (1024.0 * 1024), steps, report.RowsAccepted, report.RowsRejected, report.DuplicatesDropped)));
}

internal sealed record Run(double Seconds, double AgainSeconds, double PeakMiB, string Steps, long Accepted, long Rejected, long Duplicates);

internal sealed class Discard : IAcceptedOrders
{
    public void Add(long line, in PurchaseRow row, UInt128 orderKey)
    {
    }
}
