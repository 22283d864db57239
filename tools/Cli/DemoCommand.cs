using System.CommandLine;
using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;

namespace InactiveCustomers.Cli;

/// <summary>
/// <c>demo</c>: the main job. Today it prepares the data set, shows its shape and lands it in the lake;
/// segmentation, reengagement and the dashboard join it as they land (issues #4–#6).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var rows = new Option<long>("--rows") { Description = $"Rows of generated data (full size: {GeneratorOptions.FullSizeRows:N0})", DefaultValueFactory = _ => GenerateCommand.DefaultRows };
        var csv = new Option<FileInfo?>("--csv") { Description = "Use this purchase export instead of generated data" };
        var data = new Option<DirectoryInfo>("--data") { Description = "Working folder", DefaultValueFactory = _ => new DirectoryInfo(".data") };
        var command = new Command("demo", "Run the whole pipeline on the embedded default and summarise it") { rows, csv, data };
        command.SetAction((parse, cancellationToken) =>
            Task.FromResult(Run(parse.GetValue(rows), parse.GetValue(csv), parse.GetValue(data)!, cancellationToken)));
        return command;
    }

    private static int Run(long rows, FileInfo? csv, DirectoryInfo data, CancellationToken cancellationToken)
    {
        var input = csv ?? new FileInfo(Path.Combine(data.FullName, "input", $"purchases-{rows}-seed42.csv"));
        if (csv is { Exists: false })
        {
            Console.Error.WriteLine($"demo: --csv {csv.FullName} does not exist");
            return ExitCodes.InputRefused;
        }

        if (!input.Exists)
        {
            Console.WriteLine($"Step 1/3 — generating {rows:N0} rows of realistic purchase data");
            var options = new GeneratorOptions(rows, 42, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0, false);
            var problems = options.Validate(DateOnly.FromDateTime(DateTime.Now));
            if (problems.Count > 0)
            {
                Console.Error.WriteLine("demo: " + string.Join("; ", problems));
                return ExitCodes.InputRefused;
            }

            var result = GeneratedFile.Write(options, input, cancellationToken);
            Console.WriteLine($"  {input.FullName}: {result.Bytes / 1e6:N0} MB in {result.Elapsed.TotalSeconds:N1} s");
        }
        else
        {
            Console.WriteLine($"Step 1/3 — reusing {input.FullName}");
        }

        Console.WriteLine("Step 2/3 — measuring its shape");
        ProfileCommand.Print(PurchaseFileProfile.Read(input.FullName), input.Name);

        Console.WriteLine("Step 3/3 — ingesting it into the data lake");
        var lake = new LakeLayout(Path.Combine(data.FullName, "lake"));
        using (var catalog = LocalCatalog.Open(lake))
        {
            var report = new PurchaseFileIngestor(catalog, TimeProvider.System).IngestFile(input.FullName, cancellationToken: cancellationToken);
            IngestCommand.Print(report, lake);
            if (report.Status == IngestionReport.Refused)
            {
                return ExitCodes.InputRefused;
            }
        }

        Console.WriteLine();
        Console.WriteLine("Segmentation, reengagement targets and the dashboard are not built yet (issues #4–#6);");
        Console.WriteLine("this command will run them on the same data as they land.");
        return ExitCodes.Success;
    }
}
