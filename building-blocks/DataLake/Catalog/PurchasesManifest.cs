using System.Text;

namespace InactiveCustomers.DataLake.Catalog;

/// <summary>
/// The list of curated purchase files that committed batches own, one lake-relative path per line, in
/// <c>_catalog/purchases-files.txt</c>. The catalog rewrites it (atomically) after every commit and when it opens,
/// so that other processes — the segmentation service, the dashboard — read exactly the committed orders without
/// opening the catalog's database file, which DuckDB lets one process hold at a time.
/// </summary>
public static class PurchasesManifest
{
    public const string RelativePath = "_catalog/purchases-files.txt";

    public static void Write(LakeLayout lake, IEnumerable<string> lakeRelativeFiles)
    {
        var target = lake.FullPath(RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, string.Concat(lakeRelativeFiles.Order(StringComparer.Ordinal).Select(file => file + "\n")), new UTF8Encoding(false));
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>The committed files as lake-relative paths; none when nothing has landed yet.</summary>
    public static IReadOnlyList<string> Read(LakeLayout lake)
    {
        var path = lake.FullPath(RelativePath);
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(line => line.Length > 0).ToList()
            : [];
    }

    /// <summary>The <c>purchases</c> view over <paramref name="lakeRelativeFiles"/> (the same columns when there are none).</summary>
    public static string ViewSql(LakeLayout lake, IReadOnlyList<string> lakeRelativeFiles) =>
        lakeRelativeFiles.Count == 0
            ? LocalCatalog.Sql("purchases-view-empty.sql")
            : LocalCatalog.Sql("purchases-view.sql").Replace(
                "{files}", "[" + string.Join(", ", lakeRelativeFiles.Select(file => LocalCatalog.Literal(lake.FullPath(file)))) + "]", StringComparison.Ordinal);
}
