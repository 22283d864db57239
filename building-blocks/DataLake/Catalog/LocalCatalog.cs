using DuckDB.NET.Data;

namespace InactiveCustomers.DataLake.Catalog;

/// <summary>A batch as the catalog remembers it.</summary>
public sealed record CatalogBatch(Guid BatchId, string Sha256, string Status, string ReportJson);

/// <summary>A curated file a batch lands, lake-relative.</summary>
public sealed record CatalogFile(string Path, int Year, int Month, long Rows);

/// <summary>
/// The local catalog (a DuckDB database file in the lake): batches, their files and inferred schemas, and the
/// <c>purchases</c> table over the curated files. The commit of a batch here is the moment it becomes
/// part of the lake; files of batches that never committed are removed when the catalog opens.
/// One process at a time: DuckDB locks the file.
/// </summary>
public sealed class LocalCatalog : IDisposable
{
    public const string Landed = "landed";
    public const string Refused = "refused";

    private LocalCatalog(LakeLayout lake, DuckDBConnection connection)
    {
        Lake = lake;
        Connection = connection;
    }

    public LakeLayout Lake { get; }

    /// <summary>The catalog's connection, for work that must see its tables (staging, dedup) in the same engine.</summary>
    public DuckDBConnection Connection { get; }

    public static LocalCatalog Open(LakeLayout lake)
    {
        Directory.CreateDirectory(lake.Root);
        var connection = new DuckDBConnection($"DataSource={lake.CatalogFile}");
        try
        {
            connection.Open();
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new InvalidOperationException($"cannot open the lake catalog {lake.CatalogFile}: {e.Message} (is another ingestion process using this lake?)", e);
        }

        var catalog = new LocalCatalog(lake, connection);
        catalog.Execute(Sql("catalog-schema.sql"));
        catalog.RemoveUncommittedFiles();
        catalog.RefreshPurchasesView();
        return catalog;
    }

    public CatalogBatch? FindBatch(Guid batchId)
    {
        using var command = Command("SELECT sha256, status, report FROM ingest_batches WHERE batch_id = $id", ("id", batchId.ToString()));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new CatalogBatch(batchId, reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>The schema the crawler inferred for the most recent landed batch, to spot drift in the next one.</summary>
    public IReadOnlyList<(string Column, string Type)> LastLandedSchema()
    {
        using var command = Command("""
            SELECT column_name, inferred_type FROM batch_schemas
            WHERE batch_id = (SELECT batch_id FROM ingest_batches WHERE status = 'landed' ORDER BY completed_at DESC LIMIT 1)
            ORDER BY position
            """);
        using var reader = command.ExecuteReader();
        var schema = new List<(string, string)>();
        while (reader.Read())
        {
            schema.Add((reader.GetString(0), reader.GetString(1)));
        }

        return schema;
    }

    /// <summary>Ids of the batches that landed, oldest first.</summary>
    public IReadOnlyList<Guid> LandedBatches()
    {
        using var command = Command("SELECT batch_id FROM ingest_batches WHERE status = 'landed' ORDER BY completed_at");
        using var reader = command.ExecuteReader();
        var batches = new List<Guid>();
        while (reader.Read())
        {
            batches.Add(Guid.Parse(reader.GetString(0)));
        }

        return batches;
    }

    /// <summary>Commits a batch — its record, schema and drift, its files — in one transaction.</summary>
    public void CommitBatch(
        CatalogBatch batch, string fileName, string? message, IReadOnlyList<CatalogFile> files,
        IReadOnlyList<(string Column, string Type)> schema, IReadOnlyList<string> drift)
    {
        using var transaction = Connection.BeginTransaction();
        var id = batch.BatchId.ToString();
        using (var insert = Command(
            "INSERT INTO ingest_batches VALUES ($id, $sha, $file, $status, $message, now(), $report)",
            ("id", id), ("sha", batch.Sha256), ("file", fileName), ("status", batch.Status), ("message", message), ("report", batch.ReportJson)))
        {
            insert.ExecuteNonQuery();
        }

        foreach (var file in files)
        {
            using var insert = Command("INSERT INTO batch_files VALUES ($id, $path, $year, $month, $rows)",
                ("id", id), ("path", file.Path), ("year", file.Year), ("month", file.Month), ("rows", file.Rows));
            insert.ExecuteNonQuery();
        }

        for (var i = 0; i < schema.Count; i++)
        {
            using var insert = Command("INSERT INTO batch_schemas VALUES ($id, $position, $column, $type)",
                ("id", id), ("position", i + 1), ("column", schema[i].Column), ("type", schema[i].Type));
            insert.ExecuteNonQuery();
        }

        foreach (var change in drift)
        {
            using var insert = Command("INSERT INTO batch_schema_drift VALUES ($id, $drift)", ("id", id), ("drift", change));
            insert.ExecuteNonQuery();
        }

        RefreshPurchasesView(writeManifest: false);
        transaction.Commit();

        // After the commit: a crash before this line leaves the previous list, rewritten from the catalog at next open.
        PurchasesManifest.Write(Lake, CommittedFiles());
    }

    /// <summary>Points the <c>purchases</c> view (and the manifest other processes read) at the files of every landed batch.</summary>
    public void RefreshPurchasesView(bool writeManifest = true)
    {
        var files = CommittedFiles();
        Execute(PurchasesManifest.ViewSql(Lake, files));
        if (writeManifest)
        {
            PurchasesManifest.Write(Lake, files);
        }
    }

    /// <summary>The curated files of every committed batch, lake-relative.</summary>
    public IReadOnlyList<string> CommittedFiles()
    {
        var files = new List<string>();
        using var command = Command("SELECT path FROM batch_files ORDER BY path");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            files.Add(reader.GetString(0));
        }

        return files;
    }

    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public DuckDBCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public void Dispose() => Connection.Dispose();

    // A crash between publishing files and committing leaves files no committed batch owns: readers never saw them
    // (the view lists committed files only); remove them so a resend starts clean.
    private void RemoveUncommittedFiles()
    {
        var committed = new HashSet<string>(StringComparer.Ordinal);
        using (var command = Command("SELECT path FROM batch_files"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                committed.Add(Lake.FullPath(reader.GetString(0)));
            }
        }

        var curated = Lake.FullPath(LakeLayout.CuratedPurchases);
        if (Directory.Exists(curated))
        {
            foreach (var file in Directory.EnumerateFiles(curated, "*.parquet", SearchOption.AllDirectories).Where(file => !committed.Contains(file)))
            {
                File.Delete(file);
            }
        }

        var landed = LandedBatches();
        RemoveFilesNotIn(Lake.FullPath("rejects/purchases"), landed.Select(id => Lake.FullPath(LakeLayout.Rejects(id))));
        RemoveFilesNotIn(Lake.FullPath("_catalog/order-ids"), landed.Select(id => Lake.FullPath(LakeLayout.OrderKeys(id))));

        if (Directory.Exists(Lake.WorkFolder))
        {
            Directory.Delete(Lake.WorkFolder, recursive: true);
        }
    }

    private static void RemoveFilesNotIn(string folder, IEnumerable<string> keep)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var kept = keep.ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder).Where(file => !kept.Contains(file)))
        {
            File.Delete(file);
        }
    }

    internal static string Sql(string name) => EmbeddedSql.Read(typeof(LocalCatalog).Assembly, $"InactiveCustomers.DataLake.Catalog.{name}");

}
