using System.CommandLine;
using System.Text;
using InactiveCustomers.DataLake;
using InactiveCustomers.Segmentation.Export;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.Segmentation.Runs;

namespace InactiveCustomers.Cli;

/// <summary><c>export-segments [--as-of D] --out FILE</c>: a completed run as CSV, one row per customer.</summary>
internal static class ExportSegmentsCommand
{
    public static Command Create()
    {
        var asOf = CommonOptions.Date("--as-of", "Reference date of a completed run [default: the latest completed run]");
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true, HelpName = "FILE" };
        var lake = CommonOptions.Lake();
        var command = new Command("export-segments", "Write a completed segmentation run as CSV: every column of the rules, plus the reasons") { asOf, output, lake };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(asOf), parse.GetValue(output)!, CommonOptions.LakeRoot(parse.GetValue(lake)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DateOnly? asOf, FileInfo output, string lakeRoot, CancellationToken cancellationToken)
    {
        await using var host = await SegmentationHost.StartAsync(lakeRoot);
        var run = await host.Get<SegmentationRunner>().FindCompletedAsync(asOf, cancellationToken);
        if (run?.SnapshotPath is not { } snapshot)
        {
            await Console.Error.WriteLineAsync(asOf is { } date
                ? $"export-segments: no completed segmentation run as of {date:yyyy-MM-dd}: run 'segment --as-of {date:yyyy-MM-dd}' first"
                : "export-segments: no segmentation run has completed yet: run 'segment' first");
            return ExitCodes.InputRefused;
        }

        Directory.CreateDirectory(output.DirectoryName!);
        var temporary = output.FullName + ".partial";
        long rows;
        await using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 16))
        {
            rows = SegmentsCsv.Write(host.Get<LakeLayout>(), snapshot, host.Get<SegmentationRules>(), writer);
        }

        File.Move(temporary, output.FullName, overwrite: true);
        Console.WriteLine($"{output.FullName}: {rows:N0} customers as of {run.AsOf:yyyy-MM-dd} (run {run.RunId})");
        return ExitCodes.Success;
    }
}
