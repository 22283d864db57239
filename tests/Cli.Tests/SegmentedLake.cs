using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Cli.Tests;

/// <summary>
/// A lake with a generated export landed in it, once per test class, plus a throwaway PostgreSQL; each test takes a
/// copy of the lake (runs write their snapshots into it) and a database of its own.
/// </summary>
public sealed class SegmentedLake : IAsyncLifetime
{
    public const long Rows = 20_000;

    private readonly string _folder = TestFolders.New("segment-lake");

    public PostgresFixture Postgres { get; } = new();

    private string Lake => Path.Combine(_folder, "lake");

    public async Task InitializeAsync()
    {
        var file = Path.Combine(_folder, "purchases.csv");
        var options = new GeneratorOptions(Rows, 11, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0, false);
        using (var stream = File.Create(file))
        {
            new PurchaseFileGenerator(options).Generate(stream);
        }

        using (var catalog = LocalCatalog.Open(new LakeLayout(Lake)))
        {
            new PurchaseFileIngestor(catalog, TimeProvider.System).IngestFile(file);
        }

        await Postgres.InitializeAsync();
    }

    /// <summary>A copy of the landed lake under <paramref name="folder"/>, and a fresh database: (lake, environment).</summary>
    public async Task<(string Lake, Dictionary<string, string> Environment)> NewAsync(string folder)
    {
        var lake = Path.Combine(folder, $"lake-{Guid.NewGuid():N}");
        Copy(Lake, lake);
        return (lake, new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = await Postgres.NewDatabaseAsync() });
    }

    public async Task DisposeAsync()
    {
        await Postgres.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static void Copy(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
