using System.Globalization;

namespace InactiveCustomers.DataLake;

/// <summary>
/// Where things live in the lake (ARCHITECTURE.md, "Data lake"). Paths handed to readers are lake-relative with '/'
/// separators, so the same names work for a local folder and for S3 keys.
/// </summary>
public sealed class LakeLayout(string root)
{
    public const string CuratedPurchases = "curated/purchases";

    public const string CuratedCustomerSegments = "curated/customer_segments";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The local catalog: tables and views over the lake's files.</summary>
    public string CatalogFile => Path.Combine(Root, "catalog.duckdb");

    /// <summary>Scratch space for work in progress; nothing in it is ever part of the lake.</summary>
    public string WorkFolder => Path.Combine(Root, "_work");

    /// <summary>
    /// The segmentation service's scratch space. Separate from <see cref="WorkFolder"/>, which the ingestion catalog
    /// empties when it opens, possibly in another process while a run is writing.
    /// </summary>
    public string SegmentationWorkFolder => Path.Combine(Root, "_work-segmentation");

    /// <summary>The BI database file: the <c>vw_*</c> views over the lake that Power BI and the dashboard read.</summary>
    public string BiCatalogFile => Path.Combine(Root, "bi.duckdb");

    /// <summary>The partition of a segmentation run's snapshot: one row per customer as of <paramref name="asOf"/>.</summary>
    public static string CustomerSegmentsPartition(DateOnly asOf) =>
        $"{CuratedCustomerSegments}/as_of={asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string CustomerSegments(DateOnly asOf, Guid runId) => $"{CustomerSegmentsPartition(asOf)}/{runId}.parquet";

    public static string RawPurchase(DateOnly ingestDate, string sha256) =>
        $"raw/purchases/ingest_date={ingestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{sha256}.csv";

    public static string Rejects(Guid batchId) => $"rejects/purchases/{batchId}.csv";

    /// <summary>The 128-bit keys of the order ids a batch landed, so later batches can drop repeats without a scan.</summary>
    public static string OrderKeys(Guid batchId) => $"_catalog/order-ids/{batchId}.bin";

    public static string CuratedPartition(int year, int month) =>
        string.Create(CultureInfo.InvariantCulture, $"{CuratedPurchases}/year={year:0000}/month={month:00}");

    public string FullPath(string lakeRelative) => Path.Combine(Root, lakeRelative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Moves a finished file to its place in the lake: readers see all of it or nothing.</summary>
    public void Publish(string localFile, string lakeRelative)
    {
        var target = FullPath(lakeRelative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(localFile, target, overwrite: true);
    }
}
