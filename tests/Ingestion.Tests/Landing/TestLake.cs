using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Ingestion.Tests.Landing;

/// <summary>A throwaway lake folder with its catalog and an ingestor, plus generated input files.</summary>
internal sealed class TestLake : IDisposable
{
    public TestLake()
    {
        Folder = TestFolders.New("lake");
        Layout = new LakeLayout(Path.Combine(Folder, "lake"));
        Reopen();
    }

    public string Folder { get; }

    public LakeLayout Layout { get; }

    public LocalCatalog Catalog { get; private set; } = null!;

    public PurchaseFileIngestor Ingestor { get; private set; } = null!;

    /// <summary>Closes and opens the catalog again, as a restarted process would.</summary>
    public void Reopen()
    {
        Catalog?.Dispose();
        Catalog = LocalCatalog.Open(Layout);
        Ingestor = new PurchaseFileIngestor(Catalog, TimeProvider.System);
    }

    public string Generate(string name, long rows, int seed, double badRows = 0)
    {
        var path = Path.Combine(Folder, name);
        using var stream = File.Create(path);
        using var bad = badRows > 0 ? new StreamWriter(path + ".bad-rows.csv") : null;
        new PurchaseFileGenerator(new GeneratorOptions(rows, seed, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, badRows, false)).Generate(stream, bad);
        return path;
    }

    /// <summary>Receives and lands a file given as bytes, as an upload would.</summary>
    public async Task<IngestionReport> IngestAsync(byte[] content, string fileName)
    {
        var received = await Ingestor.ReceiveAsync(new MemoryStream(content));
        return Ingestor.IngestReceived(received, fileName);
    }

    public Task<IngestionReport> IngestAsync(string content, string fileName) => IngestAsync(System.Text.Encoding.UTF8.GetBytes(content), fileName);

    public long Count(string sql)
    {
        using var command = Catalog.Command(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<object?[]> Rows(string sql)
    {
        using var command = Catalog.Command(sql);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public void Dispose()
    {
        Catalog.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
