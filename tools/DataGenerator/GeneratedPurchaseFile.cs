namespace InactiveCustomers.DataGenerator;

/// <summary>
/// A generated export written to its final name only once complete (through <c>NAME.partial</c>), with the planted
/// bad rows in <c>NAME.bad-rows.csv</c> beside it: a reader — or the next run that reuses the file — never sees a
/// half-written one, even after an interrupted generation.
/// </summary>
public static class GeneratedPurchaseFile
{
    public static string BadRowsPath(string path) => path + ".bad-rows.csv";

    public static GenerationResult Write(GeneratorOptions options, string path, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        var badRowsPartial = BadRowsPath(path) + ".partial";
        GenerationResult result;
        using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var badRows = options.BadRowFraction > 0 ? new StreamWriter(badRowsPartial) : null)
        {
            result = new PurchaseFileGenerator(options).Generate(stream, badRows, progress, cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
        if (options.BadRowFraction > 0)
        {
            File.Move(badRowsPartial, BadRowsPath(path), overwrite: true);
        }
        else
        {
            File.Delete(BadRowsPath(path));
        }

        return result;
    }
}
