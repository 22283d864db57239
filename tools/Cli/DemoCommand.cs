using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.Ingestion.Batches;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.Segmentation.Lifecycle;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.ServiceDefaults;
using Npgsql;
using Spectre.Console;

namespace InactiveCustomers.Cli;

/// <summary>
/// <c>demo</c>: the main job. Prepares the data set and shows its shape, then starts the whole system in this one
/// process (<see cref="OneProcessHost"/>): the file goes in through ingestion's front door, the segmentation runs,
/// the lifecycle events flow to reengagement over the in-memory bus, a summary follows, and the dashboard and the
/// APIs are served on localhost until Ctrl-C (<c>--no-serve</c>: exit after the summary).
/// </summary>
internal static class DemoCommand
{
    public const int DefaultPort = 5080;

    public static Command Create()
    {
        var rows = new Option<long>("--rows") { Description = $"Rows of generated data (full size: {GeneratorOptions.FullSizeRows:N0})", DefaultValueFactory = _ => GenerateCommand.DefaultRows };
        var csv = new Option<FileInfo?>("--csv") { Description = "Use this purchase export instead of generated data" };
        var data = new Option<DirectoryInfo>("--data") { Description = "Working folder", DefaultValueFactory = _ => new DirectoryInfo(".data") };
        var port = new Option<int>("--port") { Description = "Loopback port of the dashboard and the APIs", DefaultValueFactory = _ => DefaultPort };
        var noServe = new Option<bool>("--no-serve") { Description = "Exit after the summary instead of serving the dashboard and the APIs" };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError("--port must be from 1 to 65535");
            }
        });
        var command = new Command("demo", "Run the whole pipeline on the embedded default, summarise it, and serve the dashboard") { rows, csv, data, port, noServe };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new Demo(parse.GetValue(rows), parse.GetValue(csv), parse.GetValue(data)!, parse.GetValue(noServe) ? 0 : parse.GetValue(port), !parse.GetValue(noServe)),
            cancellationToken));
        return command;
    }

    private sealed record Demo(long Rows, FileInfo? Csv, DirectoryInfo Data, int Port, bool Serve);

    private static async Task<int> RunAsync(Demo demo, CancellationToken cancellationToken)
    {
        var steps = new List<(string Step, TimeSpan Took)>();
        var clock = Stopwatch.StartNew();
        void Done(string step)
        {
            steps.Add((step, clock.Elapsed));
            clock.Restart();
        }

        var (input, prepared) = Prepare(demo, cancellationToken);
        if (input is null)
        {
            return ExitCodes.InputRefused;
        }

        Done(prepared);
        Console.WriteLine("Step 2/6 — measuring its shape");
        ProfileCommand.Print(PurchaseFileProfile.Read(input.FullName), input.Name);
        Done("2 shape measured");

        Console.WriteLine("Step 3/6 — starting ingestion, segmentation and reengagement in this process");
        var lake = new LakeLayout(Path.Combine(demo.Data.FullName, "lake"));
        OneProcessHost host;
        try
        {
            host = await OneProcessHost.StartAsync(demo.Data.FullName, lake.Root, demo.Port, cancellationToken);
        }
        catch (SettingException e)
        {
            await Console.Error.WriteLineAsync($"demo: {e.Message}");
            return ExitCodes.InputRefused;
        }

        await using (host)
        {
            Console.WriteLine($"  listening on {host.Address} (PostgreSQL, in-memory bus)");
            Done("3 services started");

            Console.WriteLine($"Step 4/6 — ingesting {input.Name} through ingestion's front door");
            var report = await WhileAsync("validating and landing", () => IngestAsync(host, input, cancellationToken));
            IngestCommand.Print(report, lake);
            if (report.Status == IngestionReport.Refused)
            {
                return ExitCodes.InputRefused;
            }

            Done("4 ingested");
            Console.WriteLine("Step 5/6 — segmenting the customers as of the latest purchase date");
            try
            {
                SegmentCommand.Print(await WhileAsync("running the rules and storing the lifecycle events",
                    () => host.Get<SegmentationRunner>().RunAsync(new RunRequest(null, "demo"), cancellationToken)));
            }
            catch (RunRefusedException e)
            {
                await Console.Error.WriteLineAsync($"demo: {e.Message}");
                return ExitCodes.InputRefused;
            }

            PrintKpis(lake);
            Done("5 segmented");
            Console.WriteLine("Step 6/6 — delivering the lifecycle events to reengagement (campaign targets)");
            var database = host.Get<NpgsqlDataSource>();
            if (!await DeliveredAsync(database, cancellationToken))
            {
                return ExitCodes.Failure;
            }

            await PrintTargetsAsync(database, cancellationToken);
            Done("6 events delivered");
            PrintSteps(steps);
            if (!demo.Serve)
            {
                return ExitCodes.Success;
            }

            Serving(host);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopping …");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>On a terminal, says what is going on and for how long while <paramref name="work"/> runs.</summary>
    private static async Task<T> WhileAsync<T>(string what, Func<Task<T>> work)
    {
        var task = work();
        if (Console.IsOutputRedirected)
        {
            return await task;
        }

        var clock = Stopwatch.StartNew();
        while (await Task.WhenAny(task, Task.Delay(500, CancellationToken.None)) != task)
        {
            Console.Write($"\r  {what} … {clock.Elapsed.TotalSeconds:N0} s");
        }

        Console.Write($"\r{new string(' ', what.Length + 20)}\r");
        return await task;
    }

    private static void Serving(OneProcessHost host)
    {
        var address = host.Address.ToString().TrimEnd('/');
        Console.WriteLine();
        AnsiConsole.MarkupLine($"[bold]Dashboard:[/]   {address}/dashboard/");
        Console.WriteLine($"APIs:        {address}/scalar/ (marketing API reference), {address}/openapi/v1.json");
        Console.WriteLine($"             {address}/api/purchase-files (POST a CSV), {address}/api/segmentation-runs, {address}/api/targets");
        Console.WriteLine($"Health:      {address}/health/ready, metrics {address}/metrics");
        Console.WriteLine("Marketing API token (Authorization: Bearer …; valid 12 h; paste it on the dashboard's target pages):");
        Console.WriteLine($"  {host.IssueToken(TimeSpan.FromHours(12))}");
        Console.WriteLine("Serving until Ctrl-C.");
    }

    private static async Task<IngestionReport> IngestAsync(OneProcessHost host, FileInfo input, CancellationToken cancellationToken)
    {
        var batches = host.Get<PurchaseBatches>();
        PurchaseBatch batch;
        bool isNew;
        await using (var content = input.OpenRead())
        {
            (batch, isNew) = await batches.SubmitAsync(content, input.Name, "demo", cancellationToken);
        }

        while (!batch.IsFinished)
        {
            await Task.Delay(200, cancellationToken);
            batch = await batches.FindAsync(batch.Id, cancellationToken) ?? batch;
        }

        // The same bytes again: the earlier batch's report, said as what it is.
        return isNew || batch.Status == PurchaseBatch.Refused
            ? batch.Report!
            : batch.Report! with { Status = IngestionReport.AlreadyIngested, Message = $"the same bytes landed before, as batch {batch.Id}, on {batch.CompletedAt:yyyy-MM-dd HH:mm} UTC" };
    }

    private static async Task<bool> DeliveredAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var episodes = await ScalarAsync(database, $"SELECT count(DISTINCT data ->> 'EpisodeKey') FROM segmentation.mt_events WHERE type IN ('{LifecycleTransitions.BecameInactiveType}', '{LifecycleTransitions.ReactivatedType}')", cancellationToken);
        var delivered = Stopwatch.StartNew();
        long targets;
        while ((targets = await ScalarAsync(database, "SELECT count(*) FROM reengagement.campaign_targets", cancellationToken)) < episodes)
        {
            if (delivered.Elapsed > TimeSpan.FromMinutes(10))
            {
                await Console.Error.WriteLineAsync($"demo: only {targets:N0} of {episodes:N0} episodes reached reengagement in 10 minutes");
                return false;
            }

            if (!Console.IsOutputRedirected)
            {
                Console.Write($"\r  {targets:N0} of {episodes:N0} episodes stored as targets …");
            }

            await Task.Delay(500, cancellationToken);
        }

        Console.WriteLine($"{(Console.IsOutputRedirected ? "" : "\r")}  {targets:N0} campaign targets, one per inactivity episode ({delivered.Elapsed.TotalSeconds:N1} s)");
        return true;
    }

    private static void PrintSteps(List<(string Step, TimeSpan Took)> steps)
    {
        Console.WriteLine();
        var table = new Table().Title("Time per step").AddColumn("step").AddColumn(new TableColumn("seconds").RightAligned());
        foreach (var (step, took) in steps)
        {
            table.AddRow(step, took.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture));
        }

        table.AddRow("[bold]total[/]", $"[bold]{steps.Sum(s => s.Took.TotalSeconds).ToString("N1", CultureInfo.InvariantCulture)}[/]");
        AnsiConsole.Write(table);
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

    /// <summary>The input file (--csv, or the generated data set: made once, then reused) and the step's name; null when refused.</summary>
    private static (FileInfo? Input, string Step) Prepare(Demo demo, CancellationToken cancellationToken)
    {
        var input = demo.Csv ?? new FileInfo(Path.Combine(demo.Data.FullName, "input", $"purchases-{demo.Rows}-seed42.csv"));
        if (demo.Csv is { Exists: false })
        {
            Console.Error.WriteLine($"demo: --csv {demo.Csv.FullName} does not exist");
            return (null, "");
        }

        if (demo.Csv is not null)
        {
            Console.WriteLine($"Step 1/6 — using your export {input.FullName}");
            return (input, "1 your export");
        }

        if (input.Exists)
        {
            Console.WriteLine($"Step 1/6 — reusing {input.FullName}");
            return (input, "1 data set reused");
        }

        Console.WriteLine($"Step 1/6 — generating {demo.Rows:N0} rows of realistic purchase data");
        var options = new GeneratorOptions(demo.Rows, 42, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0, false);
        var problems = options.Validate(DateOnly.FromDateTime(DateTime.Now));
        if (problems.Count > 0)
        {
            Console.Error.WriteLine("demo: " + string.Join("; ", problems));
            return (null, "");
        }

        var result = GeneratedFile.Write(options, input, cancellationToken);
        Console.WriteLine($"  {input.FullName}: {result.Bytes / 1e6:N0} MB in {result.Elapsed.TotalSeconds:N1} s");
        input.Refresh();
        return (input, "1 data set generated");
    }
}
