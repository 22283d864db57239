using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.Reengagement.Extensions;
using InactiveCustomers.Segmentation.Lifecycle;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.ServiceDefaults;
using Npgsql;

namespace InactiveCustomers.Cli;

/// <summary>
/// <c>demo</c>: the main job. Today it prepares the data set, shows its shape, lands it in the lake, segments the
/// customers (PostgreSQL: a private cluster in the working folder unless ConnectionStrings__Postgres is set), prints
/// the BI views' KPIs, and lets the lifecycle events flow to reengagement in the same process; the dashboard joins
/// it with issue #6.
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

        Console.WriteLine("Step 4/5 — segmenting the customers as of the latest purchase date");
        var lake = new LakeLayout(Path.Combine(data.FullName, "lake"));
        // Segmentation's relay and reengagement's consumers in this one process, on the in-memory bus.
        await using var host = await SegmentationHost.StartAsync(lake.Root, data.FullName, relay: true,
            configure: builder =>
            {
                builder.Configuration["Messaging:Transport"] = "InMemory";
                builder.AddReengagementCore();
                builder.AddMessaging(bus => bus.AddReengagementConsumers());
            },
            beforeStart: services => DatabaseMigrator.MigrateAsync(services, cancellationToken));
        try
        {
            var outcome = await host.Get<SegmentationRunner>().RunAsync(new RunRequest(null, "demo"), cancellationToken);
            SegmentCommand.Print(outcome);
        }
        catch (RunRefusedException e)
        {
            await Console.Error.WriteLineAsync($"demo: {e.Message}");
            return ExitCodes.InputRefused;
        }

        PrintKpis(lake);
        Console.WriteLine("Step 5/5 — delivering the lifecycle events to reengagement (campaign targets)");
        var database = host.Get<NpgsqlDataSource>();
        var episodes = await ScalarAsync(database, $"SELECT count(DISTINCT data ->> 'EpisodeKey') FROM segmentation.mt_events WHERE type IN ('{LifecycleTransitions.BecameInactiveType}', '{LifecycleTransitions.ReactivatedType}')", cancellationToken);
        var delivered = Stopwatch.StartNew();
        long targets;
        while ((targets = await ScalarAsync(database, "SELECT count(*) FROM reengagement.campaign_targets", cancellationToken)) < episodes)
        {
            if (delivered.Elapsed > TimeSpan.FromMinutes(10))
            {
                await Console.Error.WriteLineAsync($"demo: only {targets:N0} of {episodes:N0} episodes reached reengagement in 10 minutes");
                return ExitCodes.Failure;
            }

            if (!Console.IsOutputRedirected)
            {
                Console.Write($"\r  {targets:N0} of {episodes:N0} episodes stored as targets …");
            }

            await Task.Delay(500, cancellationToken);
        }

        Console.WriteLine($"{(Console.IsOutputRedirected ? "" : "\r")}  {targets:N0} campaign targets, one per inactivity episode ({delivered.Elapsed.TotalSeconds:N1} s)");
        await PrintTargetsAsync(database, cancellationToken);
        Console.WriteLine();
        Console.WriteLine("The dashboard and serving the APIs from this command arrive with issue #6.");
        return ExitCodes.Success;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task PrintTargetsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT status, potencial_cliente, count(*), sum(valor_total_gasto)
            FROM reengagement.campaign_targets WHERE NOT suppressed
            GROUP BY status, potencial_cliente ORDER BY status, potencial_cliente
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var brazil = CultureInfo.GetCultureInfo("pt-BR");
        while (await reader.ReadAsync(cancellationToken))
        {
            Console.WriteLine($"  {reader.GetString(0),-12} {reader.GetString(1),-7} {reader.GetInt64(2).ToString("N0", brazil),9} targets  {reader.GetDecimal(3).ToString("C", brazil),20}");
        }
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
            Console.WriteLine($"Step 1/5 — generating {rows:N0} rows of realistic purchase data");
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
            Console.WriteLine($"Step 1/5 — reusing {input.FullName}");
        }

        Console.WriteLine("Step 2/5 — measuring its shape");
        ProfileCommand.Print(PurchaseFileProfile.Read(input.FullName), input.Name);

        Console.WriteLine("Step 3/5 — ingesting it into the data lake");
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
