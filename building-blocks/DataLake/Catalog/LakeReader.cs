using DuckDB.NET.Data;

namespace InactiveCustomers.DataLake.Catalog;

/// <summary>
/// A private in-memory DuckDB engine over the lake's committed files, for readers in any process: it never opens
/// the catalog's database file, so it runs beside a live ingestion service. <c>purchases</c> is defined over the
/// files listed in <see cref="PurchasesManifest"/> at the moment of opening.
/// </summary>
public sealed class LakeReader : IDisposable
{
    private LakeReader(LakeLayout lake, DuckDBConnection connection, IReadOnlyList<string> purchaseFiles)
    {
        Lake = lake;
        Connection = connection;
        PurchaseFiles = purchaseFiles;
    }

    public LakeLayout Lake { get; }

    public DuckDBConnection Connection { get; }

    /// <summary>The committed purchase files this reader sees, lake-relative and sorted.</summary>
    public IReadOnlyList<string> PurchaseFiles { get; }

    /// <summary>Opens a reader over <paramref name="purchaseFiles"/> (lake-relative), or over the manifest's files when null.</summary>
    public static LakeReader Open(LakeLayout lake, IReadOnlyList<string>? purchaseFiles = null)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        try
        {
            var files = purchaseFiles ?? PurchasesManifest.Read(lake);
            using var command = connection.CreateCommand();
            command.CommandText = PurchasesManifest.ViewSql(lake, files);
            command.ExecuteNonQuery();
            return new LakeReader(lake, connection, files);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)value;
    }

    public void Dispose() => Connection.Dispose();
}
