using System.CommandLine;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;
using Spectre.Console;

namespace InactiveCustomers.Cli;

/// <summary><c>ingest FILE</c>: lands a purchase file in the lake and prints the batch report.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A purchase export CSV" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var lake = CommonOptions.Lake();
        var command = new Command("ingest", "Validate a purchase file and land it in the data lake") { file, json, lake };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"ingest: {path.FullName} does not exist");
                return ExitCodes.InputRefused;
            }

            using var catalog = LocalCatalog.Open(new LakeLayout(CommonOptions.LakeRoot(parse.GetValue(lake))));
            var report = new PurchaseFileIngestor(catalog, TimeProvider.System).IngestFile(path.FullName);
            if (parse.GetValue(json))
            {
                Console.WriteLine(report.ToJson());
            }
            else
            {
                Print(report, catalog.Lake);
            }

            return report.Status == IngestionReport.Refused ? ExitCodes.InputRefused : ExitCodes.Success;
        });
        return command;
    }

    public static void Print(IngestionReport report, LakeLayout lake)
    {
        var status = report.Status switch
        {
            IngestionReport.Landed => "[green]landed[/]",
            IngestionReport.Refused => "[red]refused[/]",
            _ => "[yellow]already ingested[/]",
        };
        AnsiConsole.MarkupLine($"{Markup.Escape(report.FileName)}: {status} as batch {report.BatchId}");
        if (report.Message is { } message)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(message)}");
        }

        if (report.Status != IngestionReport.Landed)
        {
            return;
        }

        var table = new Table().AddColumns("", "").HideHeaders();
        table.AddRow("rows read", $"{report.RowsRead:N0}");
        table.AddRow("accepted (new orders landed)", $"{report.RowsAccepted:N0}");
        table.AddRow("rejected", $"{report.RowsRejected:N0}" + (report.RejectsByReason.Count > 0
            ? " (" + string.Join(", ", report.RejectsByReason.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:N0}")) + ")"
            : string.Empty));
        table.AddRow("duplicates dropped", $"{report.DuplicatesDropped:N0}");
        table.AddRow("purchase dates", report.MinPurchaseDate is { } min ? $"{min:yyyy-MM-dd} → {report.MaxPurchaseDate:yyyy-MM-dd}" : "-");
        table.AddRow("partitions written", $"{report.Partitions.Count:N0}");
        table.AddRow("schema drift", report.SchemaDrift.Count == 0 ? "none" : Markup.Escape(string.Join("; ", report.SchemaDrift)));
        table.AddRow("raw file", Markup.Escape(lake.FullPath(report.RawPath ?? "")));
        if (report.RejectsPath is { } rejects)
        {
            table.AddRow("rejects file", Markup.Escape(lake.FullPath(rejects)));
        }

        table.AddRow("time", $"{report.ElapsedMs / 1000.0:N1} s (" + string.Join(", ", report.TimingsMs.Select(p => $"{p.Key} {p.Value / 1000.0:N1} s")) + ")");
        AnsiConsole.Write(table);
    }
}
