using System.Diagnostics;
using System.Security.Cryptography;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Validation;
using InactiveCustomers.ServiceDefaults;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>
/// Takes a purchase file from receipt to the lake: keeps the raw bytes, validates, drops duplicates, writes curated
/// Parquet and rejects, and commits the batch to the catalog — all of it or none of it. The same bytes sent again
/// return the earlier batch; a batch interrupted before its commit leaves nothing visible and is completed by
/// sending the file again. One file at a time per lake.
/// </summary>
public sealed class PurchaseFileIngestor(LocalCatalog catalog, TimeProvider clock)
{
    /// <summary>Files at least this large are validated in two halves on two threads (tests lower it).</summary>
    internal long ParallelThreshold { get; set; } = FileValidation.DefaultParallelThreshold;

    /// <summary>Bytes of staged orders per Parquet row group (tests lower it to get several).</summary>
    internal int RowGroupBytes { get; set; } = CuratedParquet.DefaultChunkBytes;

    private readonly SemaphoreSlim _gate = new(1, 1);

    private LakeLayout Lake => catalog.Lake;

    /// <summary>
    /// Ingests a local file. It is hashed and copied to the lake's work folder at the same time (one core each),
    /// so a file already ingested costs about one read, and a new one is validated from a copy that is already
    /// in the raw zone and the page cache.
    /// </summary>
    public IngestionReport IngestFile(string path, string? fileName = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        using var activity = IngestionTelemetry.Source.StartActivity("ingest purchase file");
        var copy = NewReceivingPath();
        try
        {
            string? sha256 = null;
            using (IngestionTelemetry.Source.StartActivity("hash"))
            {
                try
                {
                    Parallel.Invoke(
                        new ParallelOptions { CancellationToken = cancellationToken },
                        () =>
                        {
                            using var stream = SequentialFile.OpenRead(path);
                            sha256 = BatchIds.Sha256Of(stream);
                        },
                        () => File.Copy(path, copy));
                }
                catch (AggregateException e)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
            }

            var received = KeepReceived(sha256!, copy, new FileInfo(path).Length);
            return Process(received, fileName ?? Path.GetFileName(path), stopwatch.ElapsedMilliseconds, stopwatch, cancellationToken);
        }
        finally
        {
            if (File.Exists(copy))
            {
                File.Delete(copy); // the same bytes were in the raw zone already
            }
        }
    }

    /// <summary>
    /// Receives a file (an upload, a dropped file): streams it to the lake's work folder while hashing it, never
    /// holding it in memory, then keeps it in the raw zone under its SHA-256. Nothing is validated yet.
    /// </summary>
    public async Task<ReceivedFile> ReceiveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        using var activity = IngestionTelemetry.Source.StartActivity("hash");
        var received = NewReceivingPath();
        string sha256;
        long bytes = 0;
        try
        {
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var output = new FileStream(received, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    bytes += read;
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            return KeepReceived(sha256, received, bytes);
        }
        finally
        {
            if (File.Exists(received))
            {
                File.Delete(received);
            }
        }
    }

    // A file being received is written to the work folder first; it reaches the raw zone only once complete.
    private string NewReceivingPath()
    {
        Directory.CreateDirectory(Lake.WorkFolder);
        return Path.Combine(Lake.WorkFolder, $"upload-{Guid.NewGuid():N}.csv");
    }

    // Moves a complete received copy into the raw zone, unless the same bytes are there already (then the caller deletes it).
    private ReceivedFile KeepReceived(string sha256, string received, long bytes) =>
        new(BatchIds.FromSha256(sha256), sha256, ExistingRaw(sha256) ?? StoreRaw(sha256, received), bytes);

    /// <summary>Validates and lands a file already kept in the raw zone by <see cref="ReceiveAsync"/>.</summary>
    public IngestionReport IngestReceived(ReceivedFile file, string fileName, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        using var activity = IngestionTelemetry.Source.StartActivity("ingest purchase file");
        return Process(file, fileName, hashMs: 0, stopwatch, cancellationToken);
    }

    private IngestionReport Process(ReceivedFile file, string fileName, long hashMs, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var batchId = file.BatchId;
        Activity.Current?.SetTag("batch.id", batchId).SetTag("file.name", fileName);
        _gate.Wait(cancellationToken);
        try
        {
            if (catalog.FindBatch(batchId) is { } earlier)
            {
                var report = IngestionReport.FromJson(earlier.ReportJson);
                IngestionTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("outcome", IngestionReport.AlreadyIngested));
                return earlier.Status == LocalCatalog.Refused
                    ? report
                    : report with
                    {
                        Status = IngestionReport.AlreadyIngested,
                        Message = $"this file (same SHA-256) already landed as batch {batchId}; nothing new was written",
                        TimingsMs = new Dictionary<string, long> { ["hash"] = hashMs },
                        ElapsedMs = stopwatch.ElapsedMilliseconds,
                    };
            }

            // A fresh folder: what an interrupted attempt at this batch left there is of no use.
            var work = Path.Combine(Lake.WorkFolder, batchId.ToString());
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            Directory.CreateDirectory(work);
            try
            {
                return Land(new BatchContext(batchId, file.Sha256, fileName, file.RawPath, work, hashMs, stopwatch), cancellationToken);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record BatchContext(Guid BatchId, string Sha256, string FileName, string RawPath, string Work, long HashMs, Stopwatch Stopwatch);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private IngestionReport Land(BatchContext batch, CancellationToken cancellationToken)
    {
        var timings = new Dictionary<string, long> { ["hash"] = batch.HashMs };
        var rawFile = Lake.FullPath(batch.RawPath);
        var rejectsFile = Path.Combine(batch.Work, "rejects.csv");
        var schema = InferSchema(rawFile);
        var baseReport = new IngestionReport
        {
            BatchId = batch.BatchId,
            Status = IngestionReport.Landed,
            FileName = batch.FileName,
            Sha256 = batch.Sha256,
            Bytes = new FileInfo(rawFile).Length,
            RawPath = batch.RawPath,
        };

        FileValidation validation;
        var step = Stopwatch.StartNew();
        using (IngestionTelemetry.Source.StartActivity("validate"))
        {
            try
            {
                var validator = new PurchaseFileValidator(Today);
                validation = FileValidation.Run(rawFile, rejectsFile, batch.Work, validator, LoadLandedOrderKeys(), ParallelThreshold, cancellationToken);
            }
            catch (PurchaseFileRefusedException refused)
            {
                timings["validate"] = step.ElapsedMilliseconds;
                var report = baseReport with
                {
                    Status = IngestionReport.Refused,
                    Message = refused.Message,
                    TimingsMs = timings,
                    ElapsedMs = batch.Stopwatch.ElapsedMilliseconds,
                };
                catalog.CommitBatch(new CatalogBatch(batch.BatchId, batch.Sha256, LocalCatalog.Refused, report.ToJson()), batch.FileName, refused.Message, [], schema, []);
                IngestionTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("outcome", IngestionReport.Refused));
                return report;
            }
        }

        var outcome = validation.Outcome;
        timings["validate"] = step.ElapsedMilliseconds;
        CrashPoints.Hit("validated");
        step.Restart();
        var partitions = validation.Stagings
            .SelectMany(staging => staging.Partitions)
            .GroupBy(p => (p.Year, p.Month), p => p)
            .OrderBy(g => g.Key)
            .Select(g => new CuratedPartition(
                g.Key.Year,
                g.Key.Month,
                g.Select(p => p.Path).ToList(),
                (validation.Excluded.GetValueOrDefault(g.Key) ?? []).ToHashSet(),
                Path.Combine(batch.Work, $"curated-{g.Key.Year:0000}-{g.Key.Month:00}.parquet")))
            .ToList();
        IReadOnlyList<CuratedPartitionFile> curated;
        using (IngestionTelemetry.Source.StartActivity("write"))
        {
            curated = CuratedParquet.WriteAll(partitions, batch.BatchId, cancellationToken, RowGroupBytes);
        }

        var written = curated
            .Where(file => file.Rows > 0)
            .Select(file => (WorkFile: file.Path, File: new CatalogFile($"{LakeLayout.CuratedPartition(file.Year, file.Month)}/{batch.BatchId}.parquet", file.Year, file.Month, file.Rows)))
            .ToList();
        if (validation.Excluded.Count > 0)
        {
            (outcome.MinDate, outcome.MaxDate) = DateRange(written.Select(w => w.WorkFile));
        }

        var orderKeys = Path.Combine(batch.Work, "order-ids.bin");
        using (var keys = WorkFile.Create(orderKeys))
        {
            foreach (var staging in validation.Stagings)
            {
                using var part = SequentialFile.OpenRead(staging.OrderKeysPath);
                part.CopyTo(keys);
            }
        }

        CrashPoints.Hit("written");
        timings["write"] = step.ElapsedMilliseconds;
        step.Restart();
        string? rejectsPath = null;
        var drift = outcome.HeaderDrift.Concat(TypeDrift(schema)).ToList();
        using (IngestionTelemetry.Source.StartActivity("commit"))
        {
            // Files go to their final names first; they count only once the catalog commit lists them.
            foreach (var (workFile, file) in written)
            {
                Lake.Publish(workFile, file.Path);
            }

            Lake.Publish(orderKeys, LakeLayout.OrderKeys(batch.BatchId));
            if (outcome.RowsRejected > 0)
            {
                rejectsPath = LakeLayout.Rejects(batch.BatchId);
                Lake.Publish(rejectsFile, rejectsPath);
            }

            CrashPoints.Hit("published");
            var files = written.Select(w => w.File).ToList();
            var landed = baseReport with
            {
                RowsRead = outcome.RowsRead,
                RowsAccepted = outcome.RowsAccepted,
                RowsRejected = outcome.RowsRejected,
                DuplicatesDropped = outcome.DuplicatesDropped,
                RejectsByReason = outcome.RejectsByReason,
                SchemaDrift = drift,
                Partitions = files.Select(file => LakeLayout.CuratedPartition(file.Year, file.Month)).ToList(),
                MinPurchaseDate = outcome.MinDate,
                MaxPurchaseDate = outcome.MaxDate,
                RejectsPath = rejectsPath,
                TimingsMs = timings,
                ElapsedMs = batch.Stopwatch.ElapsedMilliseconds,
            };
            catalog.CommitBatch(new CatalogBatch(batch.BatchId, batch.Sha256, LocalCatalog.Landed, landed.ToJson()), batch.FileName, null, files, schema, drift);
            timings["commit"] = step.ElapsedMilliseconds;
            CrashPoints.Hit("committed");
            landed = landed with { TimingsMs = timings, ElapsedMs = batch.Stopwatch.ElapsedMilliseconds };
            Record(landed);
            return landed;
        }
    }

    private (DateOnly?, DateOnly?) DateRange(IEnumerable<string> parquetFiles)
    {
        var files = parquetFiles.ToList();
        if (files.Count == 0)
        {
            return (null, null);
        }

        using var command = catalog.Command($"SELECT min(date_purchase), max(date_purchase) FROM read_parquet([{string.Join(", ", files.Select(LocalCatalog.Literal))}])");
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<DateOnly>(1));
    }

    // Keys of every order id landed so far, from the per-batch key files (16 bytes an order).
    private HashSet<UInt128> LoadLandedOrderKeys()
    {
        var files = catalog.LandedBatches().Select(id => Lake.FullPath(LakeLayout.OrderKeys(id))).Where(File.Exists).ToList();
        var keys = new HashSet<UInt128>((int)Math.Min(int.MaxValue, files.Sum(file => new FileInfo(file).Length / 16) + 1_000_000));
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            using var stream = SequentialFile.OpenRead(file);
            int read;
            while ((read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
            {
                for (var at = 0; at + 16 <= read; at += 16)
                {
                    keys.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(buffer.AsSpan(at, 16)));
                }
            }
        }

        return keys;
    }

    private static void Record(IngestionReport report)
    {
        IngestionTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("outcome", report.Status));
        IngestionTelemetry.RowsAccepted.Add(report.RowsAccepted);
        IngestionTelemetry.RowsDuplicated.Add(report.DuplicatesDropped);
        foreach (var (reason, count) in report.RejectsByReason)
        {
            IngestionTelemetry.RowsRejected.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }

        if (report.ElapsedMs > 0)
        {
            IngestionTelemetry.Throughput.Record(report.Bytes * 1000.0 / report.ElapsedMs);
        }
    }

    // raw/purchases/ingest_date=D/<sha256>.csv holds the bytes as received, written once and never changed.
    private string? ExistingRaw(string sha256)
    {
        var rawRoot = Lake.FullPath("raw/purchases");
        return Directory.Exists(rawRoot)
            && Directory.EnumerateFiles(rawRoot, $"{sha256}.csv", SearchOption.AllDirectories).FirstOrDefault() is { } existing
            ? Path.GetRelativePath(Lake.Root, existing).Replace(Path.DirectorySeparatorChar, '/')
            : null;
    }

    // Moves a complete received copy (in the work folder) into the raw zone. Safe without the ingestion lock: the
    // file appears by an atomic rename, and two writers of the same name write the same bytes.
    private string StoreRaw(string sha256, string received)
    {
        var rawPath = LakeLayout.RawPurchase(Today, sha256);
        Lake.Publish(received, rawPath);
        return rawPath;
    }

    // The crawler's job: the schema DuckDB's sniffer infers from a sample of the raw file.
    private List<(string Column, string Type)> InferSchema(string rawFile)
    {
        try
        {
            using var command = catalog.Command($"DESCRIBE SELECT * FROM read_csv({LocalCatalog.Literal(rawFile)}, sample_size = 20480, hive_partitioning = false)");
            using var reader = command.ExecuteReader();
            var schema = new List<(string, string)>();
            while (reader.Read())
            {
                schema.Add((reader.GetString(0), reader.GetString(1)));
            }

            return schema;
        }
        catch (DuckDB.NET.Data.DuckDBException)
        {
            return []; // the sniffer could not read it; validation will say why
        }
    }

    private IEnumerable<string> TypeDrift(IReadOnlyList<(string Column, string Type)> schema)
    {
        var previous = catalog.LastLandedSchema().ToDictionary(c => c.Column, c => c.Type, StringComparer.OrdinalIgnoreCase);
        foreach (var (column, type) in schema)
        {
            if (previous.TryGetValue(column, out var before) && before != type)
            {
                yield return $"column '{column}' inferred as {type}, was {before} in the previous batch";
            }
        }
    }
}
