using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>
/// Takes a purchase file from receipt to the lake: keeps the raw bytes, validates, drops duplicates, writes curated
/// Parquet and rejects, and commits the batch to the catalog — all of it or none of it. The same bytes sent again
/// return the earlier batch; a batch interrupted before its commit leaves nothing visible and is completed by
/// sending the file again. One file at a time per lake.
/// </summary>
public sealed class PurchaseFileIngestor(LocalCatalog catalog, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    private LakeLayout Lake => catalog.Lake;

    /// <summary>Ingests a local file. Hashes it first, so a file already ingested costs one read.</summary>
    public IngestionReport IngestFile(string path, string? fileName = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        using var activity = IngestionTelemetry.Source.StartActivity("ingest purchase file");
        string sha256;
        using (IngestionTelemetry.Source.StartActivity("hash"))
        using (var stream = OpenRead(path))
        {
            sha256 = BatchIds.Sha256Of(stream);
        }

        var hashMs = stopwatch.ElapsedMilliseconds;
        return Process(sha256, fileName ?? Path.GetFileName(path), path, copyIntoRaw: true, hashMs, stopwatch, cancellationToken);
    }

    /// <summary>
    /// Receives a file (an upload, a dropped file): streams it to the lake's work folder while hashing it, never
    /// holding it in memory, then keeps it in the raw zone under its SHA-256. Nothing is validated yet.
    /// </summary>
    public async Task<ReceivedFile> ReceiveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        using var activity = IngestionTelemetry.Source.StartActivity("hash");
        Directory.CreateDirectory(Lake.WorkFolder);
        var received = Path.Combine(Lake.WorkFolder, $"upload-{Guid.NewGuid():N}.csv");
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

            return new ReceivedFile(BatchIds.FromSha256(sha256), sha256, KeepRaw(sha256, received, copy: false), bytes);
        }
        finally
        {
            if (File.Exists(received))
            {
                File.Delete(received);
            }
        }
    }

    /// <summary>Validates and lands a file already kept in the raw zone by <see cref="ReceiveAsync"/>.</summary>
    public IngestionReport IngestReceived(ReceivedFile file, string fileName, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        using var activity = IngestionTelemetry.Source.StartActivity("ingest purchase file");
        return Process(file.Sha256, fileName, Lake.FullPath(file.RawPath), copyIntoRaw: true, hashMs: 0, stopwatch, cancellationToken);
    }

    private IngestionReport Process(string sha256, string fileName, string source, bool copyIntoRaw, long hashMs, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var batchId = BatchIds.FromSha256(sha256);
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

            var work = Path.Combine(Lake.WorkFolder, batchId.ToString());
            Directory.CreateDirectory(work);
            try
            {
                var rawPath = KeepRawUnlocked(sha256, source, copyIntoRaw);
                return Land(new BatchContext(batchId, sha256, fileName, rawPath, work, hashMs, stopwatch), cancellationToken);
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

    private IngestionReport Land(BatchContext batch, CancellationToken cancellationToken)
    {
        var timings = new Dictionary<string, long> { ["hash"] = batch.HashMs };
        var rawFile = Lake.FullPath(batch.RawPath);
        var bytes = new FileInfo(rawFile).Length;
        var rejectsFile = Path.Combine(batch.Work, "rejects.csv");
        var stagingFile = Path.Combine(batch.Work, "staging.csv");
        var schema = InferSchema(rawFile);
        var baseReport = new IngestionReport
        {
            BatchId = batch.BatchId,
            Status = IngestionReport.Landed,
            FileName = batch.FileName,
            Sha256 = batch.Sha256,
            Bytes = bytes,
            RawPath = batch.RawPath,
        };

        ValidationOutcome outcome;
        var step = Stopwatch.StartNew();
        using (IngestionTelemetry.Source.StartActivity("validate"))
        {
            try
            {
                using var input = OpenRead(rawFile);
                using var rejects = new FileStream(rejectsFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                using var staging = new FileStream(stagingFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                outcome = new PurchaseFileValidator(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).Run(input, rejects, staging, cancellationToken);
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
                catalog.CommitBatch(new CatalogBatch(batch.BatchId, batch.Sha256, LocalCatalog.Refused, report.ToJson()), batch.FileName, refused.Message, [], schema, [], ordersTable: null);
                IngestionTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("outcome", IngestionReport.Refused));
                return report;
            }
        }

        timings["validate"] = step.ElapsedMilliseconds;
        CrashPoints.Hit(CrashPoints.Validated);
        step.Restart();
        List<CatalogFile> files;
        long newOrders;
        using (IngestionTelemetry.Source.StartActivity("write"))
        {
            catalog.Execute(Sql("staging.sql").Replace("{staging}", LocalCatalog.Literal(stagingFile), StringComparison.Ordinal));
            newOrders = Scalar("SELECT count(*) FROM new_orders");
            var curatedWork = Path.Combine(batch.Work, "curated");
            catalog.Execute(Sql("curated-write.sql")
                .Replace("{batch}", LocalCatalog.Literal(batch.BatchId.ToString()), StringComparison.Ordinal)
                .Replace("{folder}", LocalCatalog.Literal(curatedWork), StringComparison.Ordinal));
            CrashPoints.Hit(CrashPoints.Written);
            files = PublishCurated(batch.BatchId, curatedWork);
        }

        timings["write"] = step.ElapsedMilliseconds;
        step.Restart();
        var duplicates = outcome.DuplicatesInFile + (outcome.RowsAccepted - newOrders);
        string? rejectsPath = null;
        if (outcome.RowsRejected > 0)
        {
            rejectsPath = LakeLayout.Rejects(batch.BatchId);
            Lake.Publish(rejectsFile, rejectsPath);
        }

        CrashPoints.Hit(CrashPoints.Published);

        var drift = outcome.HeaderDrift.Concat(TypeDrift(schema)).ToList();
        var landed = baseReport with
        {
            RowsRead = outcome.RowsRead,
            RowsAccepted = newOrders,
            RowsRejected = outcome.RowsRejected,
            DuplicatesDropped = duplicates,
            RejectsByReason = outcome.RejectsByReason,
            SchemaDrift = drift,
            Partitions = files.Select(file => LakeLayout.CuratedPartition(file.Year, file.Month)).Distinct().ToList(),
            MinPurchaseDate = newOrders > 0 ? outcome.MinDate : null,
            MaxPurchaseDate = newOrders > 0 ? outcome.MaxDate : null,
            RejectsPath = rejectsPath,
        };

        using (IngestionTelemetry.Source.StartActivity("commit"))
        {
            // Min / max over what actually landed (duplicates of earlier batches excluded).
            if (newOrders > 0 && newOrders != outcome.RowsAccepted)
            {
                landed = landed with
                {
                    MinPurchaseDate = (DateOnly)ScalarObject("SELECT min(date_purchase) FROM new_orders"),
                    MaxPurchaseDate = (DateOnly)ScalarObject("SELECT max(date_purchase) FROM new_orders"),
                };
            }

            timings["commit"] = 0;
            landed = landed with { TimingsMs = timings, ElapsedMs = batch.Stopwatch.ElapsedMilliseconds };
            catalog.CommitBatch(new CatalogBatch(batch.BatchId, batch.Sha256, LocalCatalog.Landed, landed.ToJson()), batch.FileName, null, files, schema, drift, "new_orders");
            timings["commit"] = step.ElapsedMilliseconds;
        }

        CrashPoints.Hit(CrashPoints.Committed);

        catalog.Execute("DROP TABLE IF EXISTS staged_orders; DROP TABLE IF EXISTS new_orders;");
        landed = landed with { TimingsMs = timings, ElapsedMs = batch.Stopwatch.ElapsedMilliseconds };
        Record(landed);
        return landed;
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
    private string KeepRaw(string sha256, string source, bool copy)
    {
        _gate.Wait();
        try
        {
            return KeepRawUnlocked(sha256, source, copy);
        }
        finally
        {
            _gate.Release();
        }
    }

    private string KeepRawUnlocked(string sha256, string source, bool copy)
    {
        var rawRoot = Lake.FullPath("raw/purchases");
        if (Directory.Exists(rawRoot)
            && Directory.EnumerateFiles(rawRoot, $"{sha256}.csv", SearchOption.AllDirectories).FirstOrDefault() is { } existing)
        {
            return Path.GetRelativePath(Lake.Root, existing).Replace(Path.DirectorySeparatorChar, '/');
        }

        var rawPath = LakeLayout.RawPurchase(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), sha256);
        Directory.CreateDirectory(Lake.WorkFolder);
        var partial = Path.Combine(Lake.WorkFolder, $"{sha256}.raw");
        if (copy)
        {
            File.Copy(source, partial, overwrite: true);
        }
        else
        {
            File.Move(source, partial, overwrite: true); // an upload already in the work folder: no second copy
        }

        Lake.Publish(partial, rawPath);
        return rawPath;
    }

    private List<CatalogFile> PublishCurated(Guid batchId, string curatedWork)
    {
        var files = new List<CatalogFile>();
        if (!Directory.Exists(curatedWork))
        {
            return files;
        }

        foreach (var partition in Directory.EnumerateDirectories(curatedWork, "month=*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var year = int.Parse(Path.GetFileName(Path.GetDirectoryName(partition)!)["year=".Length..], CultureInfo.InvariantCulture);
            var month = int.Parse(Path.GetFileName(partition)["month=".Length..], CultureInfo.InvariantCulture);
            var parts = Directory.GetFiles(partition, "*.parquet").Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < parts.Count; i++)
            {
                var name = parts.Count == 1 ? $"{batchId}.parquet" : $"{batchId}-{i}.parquet";
                var path = $"{LakeLayout.CuratedPartition(year, month)}/{name}";
                var rows = Scalar($"SELECT count(*) FROM read_parquet({LocalCatalog.Literal(parts[i])})");
                Lake.Publish(parts[i], path);
                files.Add(new CatalogFile(path, year, month, rows));
            }
        }

        return files;
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

    private long Scalar(string sql) => Convert.ToInt64(ScalarObject(sql), CultureInfo.InvariantCulture);

    private object ScalarObject(string sql)
    {
        using var command = catalog.Command(sql);
        return command.ExecuteScalar()!;
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);

    private static string Sql(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"InactiveCustomers.Ingestion.Landing.{name}")
            ?? throw new InvalidOperationException($"embedded SQL {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
