using System.CommandLine;
using System.Globalization;
using DuckDB.NET.Data;
using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.Segmentation.Runs;

namespace InactiveCustomers.Cli;

/// <summary>
/// <c>demo</c>: the main job. Today it prepares the data set, shows its shape, lands it in the lake, segments the
/// customers (PostgreSQL: a private cluster in the working folder unless ConnectionStrings__Postgres is set) and
/// prints the BI views' KPIs; reengagement and the dashboard join it as they land (issues #5–#6).
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
            RunAsync(parse.GetValue(rows), parse.GetValue(csv), parse.GetValue(data)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(long rows, FileInfo? csv, DirectoryInfo data, CancellationToken cancellationToken)
    {
        var landed = Land(rows, csv, data, cancellationToken);
        if (landed != ExitCodes.Success)
        {
            return landed;
        }

        Console.WriteLine("Step 4/4 — segmenting the customers as of the latest purchase date");
        var lake = new LakeLayout(Path.Combine(data.FullName, "lake"));
        try
        {
            await using var host = await SegmentationHost.StartAsync(lake.Root, data.FullName);
            var outcome = await host.Get<SegmentationRunner>().RunAsync(new RunRequest(null, "demo"), cancellationToken);
            SegmentCommand.Print(outcome);
        }
        catch (RunRefusedException e)
        {
            await Console.Error.WriteLineAsync($"demo: {e.Message}");
            return ExitCodes.InputRefused;
        }

        PrintKpis(lake);
        Console.WriteLine();
        Console.WriteLine("The lifecycle events are stored; the segmentation service publishes them when it runs.");
        Console.WriteLine("Reengagement targets and the dashboard are not built yet (issues #5 and #6);");
        Console.WriteLine("this command will run them on the same data as they land.");
        return ExitCodes.Success;
    }

    /// <summary>The dashboard's KPI cards, from the BI views the run refreshed (bi.duckdb in the lake).</summary>
    private static void PrintKpis(LakeLayout lake)
    {
        using var connection = new DuckDBConnection($"DataSource={lake.BiCatalogFile};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT soma_gmv_success, soma_total_tickets_quantity_success, valor_inativo_alto_valor, clientes_inativo_alto_valor FROM vw_kpis";
        using var reader = command.ExecuteReader();
        reader.Read();
        var brazil = CultureInfo.GetCultureInfo("pt-BR");
        Console.WriteLine($"KPIs (vw_kpis in {lake.BiCatalogFile}):");
        Console.WriteLine($"  Soma de gmv_success                      {reader.GetDecimal(0).ToString("C", brazil)}");
        Console.WriteLine($"  Soma de total_tickets_quantity_success   {reader.GetInt64(1).ToString("N0", brazil)}");
        Console.WriteLine($"  Valor do segmento \"Inativo de Alto Valor\" {reader.GetDecimal(2).ToString("C", brazil)} ({reader.GetInt64(3).ToString("N0", brazil)} clientes)");
    }

    private static int Land(long rows, FileInfo? csv, DirectoryInfo data, CancellationToken cancellationToken)
    {
        var input = csv ?? new FileInfo(Path.Combine(data.FullName, "input", $"purchases-{rows}-seed42.csv"));
        if (csv is { Exists: false })
        {
            Console.Error.WriteLine($"demo: --csv {csv.FullName} does not exist");
            return ExitCodes.InputRefused;
        }

        if (!input.Exists)
        {
            Console.WriteLine($"Step 1/4 — generating {rows:N0} rows of realistic purchase data");
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
            Console.WriteLine($"Step 1/4 — reusing {input.FullName}");
        }

        Console.WriteLine("Step 2/4 — measuring its shape");
        ProfileCommand.Print(PurchaseFileProfile.Read(input.FullName), input.Name);

        Console.WriteLine("Step 3/4 — ingesting it into the data lake");
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

        return ExitCodes.Success;
    }
}
