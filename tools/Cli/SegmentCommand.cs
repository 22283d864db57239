using System.CommandLine;
using System.Text.Json;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.ServiceDefaults;
using Spectre.Console;

namespace InactiveCustomers.Cli;

/// <summary><c>segment [--as-of D | --from D1 --to D2 --every month] [--rebuild] [--json]</c>.</summary>
internal static class SegmentCommand
{
    // Portuguese labels stay readable (Única, not \u00DAnica).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var asOf = CommonOptions.Date("--as-of", "Reference date D [default: the latest purchase date landed]");
        var from = CommonOptions.Date("--from", "First reference date of a replay");
        var to = CommonOptions.Date("--to", "Last reference date of a replay (included)");
        var every = new Option<string?>("--every") { Description = "Step of a replay", HelpName = "month" };
        every.AcceptOnlyFromAmong("month");
        var rebuild = new Option<bool>("--rebuild") { Description = "Start a new lifecycle from this date (the only way to go back in time)" };
        var json = new Option<bool>("--json") { Description = "Print each run as one JSON object (one per line)" };
        var lake = CommonOptions.Lake();
        var command = new Command("segment", "Segment the customers as of a date: snapshot, lifecycle events, BI views")
        {
            asOf, from, to, every, rebuild, json, lake,
        };
        command.Validators.Add(result =>
        {
            var hasRange = result.GetResult(from) is not null || result.GetResult(to) is not null || result.GetResult(every) is not null;
            if (hasRange && result.GetResult(asOf) is not null)
            {
                result.AddError("give either --as-of D or --from D1 --to D2 --every month, not both");
            }
            else if (hasRange && (result.GetResult(from) is null || result.GetResult(to) is null || result.GetResult(every) is null))
            {
                result.AddError("a replay needs all three of --from D1 --to D2 --every month");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var dates = parse.GetValue(from) is { } first
                ? Months(first, parse.GetValue(to)!.Value)
                : [parse.GetValue(asOf)];
            return RunAsync(dates, parse.GetValue(rebuild), parse.GetValue(json), CommonOptions.LakeRoot(parse.GetValue(lake)), cancellationToken);
        });
        return command;
    }

    private static List<DateOnly?> Months(DateOnly first, DateOnly last)
    {
        var dates = new List<DateOnly?>();
        for (var step = 0; first.AddMonths(step) <= last; step++)
        {
            dates.Add(first.AddMonths(step));
        }

        return dates;
    }

    private static async Task<int> RunAsync(IReadOnlyList<DateOnly?> dates, bool rebuild, bool json, string lakeRoot, CancellationToken cancellationToken)
    {
        if (dates.Count == 0)
        {
            await Console.Error.WriteLineAsync("segment: --from is after --to: no date to run");
            return ExitCodes.InputRefused;
        }

        try
        {
            await using var host = await SegmentationHost.StartAsync(lakeRoot);
            var runner = host.Get<SegmentationRunner>();
            for (var i = 0; i < dates.Count; i++)
            {
                var outcome = await runner.RunAsync(new RunRequest(dates[i], "cli", Rebuild: rebuild && i == 0), cancellationToken);
                if (json)
                {
                    await Console.Out.WriteLineAsync(ToJson(outcome.Run));
                }
                else
                {
                    Print(outcome);
                }
            }

            return ExitCodes.Success;
        }
        catch (RunRefusedException e)
        {
            await Console.Error.WriteLineAsync($"segment: {e.Message}");
            return ExitCodes.InputRefused;
        }
        catch (SettingException e)
        {
            await Console.Error.WriteLineAsync($"segment: {e.Message}");
            return ExitCodes.InputRefused;
        }
    }

    internal static string ToJson(SegmentationRun run) => JsonSerializer.Serialize(new
    {
        runId = run.RunId,
        asOf = run.AsOf,
        status = run.Status,
        customers = run.Counts.Customers,
        byStatus = run.Counts.ByStatus,
        byPerfil = run.Counts.ByPerfil,
        byPotencial = run.Counts.ByPotencial,
        bySegmento = run.Counts.BySegmento,
        becameInactive = run.BecameInactive,
        reactivated = run.Reactivated,
        elapsedMs = run.TimingsMs.GetValueOrDefault("total"),
        snapshot = run.SnapshotPath,
        ruleSetVersion = run.RuleSetVersion,
    }, Json);

    internal static void Print(RunOutcome outcome)
    {
        var run = outcome.Run;
        AnsiConsole.MarkupLine(outcome.AlreadyCompleted
            ? $"as of {run.AsOf:yyyy-MM-dd}: [yellow]already segmented[/] by run {run.RunId} (same data, same rules)"
            : $"as of {run.AsOf:yyyy-MM-dd}: [green]completed[/] run {run.RunId}");
        var table = new Table().AddColumns("", "").HideHeaders();
        table.AddRow("customers", $"{run.Counts.Customers:N0}");
        table.AddRow("status_cliente", Counts(run.Counts.ByStatus));
        table.AddRow("perfil_cliente", Counts(run.Counts.ByPerfil));
        table.AddRow("potencial_cliente", Counts(run.Counts.ByPotencial));
        table.AddRow("segmento_viajante", Counts(run.Counts.BySegmento));
        table.AddRow("became inactive", $"{run.BecameInactive:N0} (CustomerBecameInactive events)");
        table.AddRow("reactivated", $"{run.Reactivated:N0} (CustomerReactivated events)");
        table.AddRow("snapshot", Markup.Escape(run.SnapshotPath ?? "-"));
        table.AddRow("time", $"{run.TimingsMs.GetValueOrDefault("total") / 1000.0:N1} s (" +
            string.Join(", ", run.TimingsMs.Where(p => p.Key != "total").Select(p => $"{p.Key} {p.Value / 1000.0:N1} s")) + ")");
        AnsiConsole.Write(table);
    }

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        Markup.Escape(string.Join("\n", counts.OrderByDescending(p => p.Value).Select(p => $"{p.Key}: {p.Value:N0}")));
}
