using System.CommandLine;
using InactiveCustomers.DataGenerator;
using Spectre.Console;

namespace InactiveCustomers.Cli;

/// <summary><c>generate</c>: writes a synthetic purchase export with the real file's format and shape.</summary>
internal static class GenerateCommand
{
    public const long DefaultRows = 200_000;

    public static Command Create()
    {
        var rows = new Option<long>("--rows") { Description = $"Data rows to write, bad rows included (full size: {GeneratorOptions.FullSizeRows:N0})", DefaultValueFactory = _ => DefaultRows };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed and options give the same bytes", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo>("--out") { Description = "File to write (a side file FILE.bad-rows.csv lists planted bad rows)", Required = true };
        var from = CommonOptions.Date("--from", $"First purchase date [default: {GeneratorOptions.DefaultFrom:yyyy-MM-dd}, as the real export]");
        var to = CommonOptions.Date("--to", $"Last purchase date [default: {GeneratorOptions.DefaultTo:yyyy-MM-dd}, as the real export]");
        var badRows = new Option<double>("--bad-rows") { Description = "Fraction of rows that break a validation rule or duplicate an earlier order (0–0.5)", DefaultValueFactory = _ => 0 };
        var crlf = new Option<bool>("--crlf") { Description = "End lines with CRLF instead of LF" };
        var command = new Command("generate", "Write a realistic synthetic purchase export (DATASET.md)") { rows, seed, output, from, to, badRows, crlf };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new GeneratorOptions(
                parse.GetValue(rows),
                parse.GetValue(seed),
                parse.GetValue(from) ?? GeneratorOptions.DefaultFrom,
                parse.GetValue(to) ?? GeneratorOptions.DefaultTo,
                parse.GetValue(badRows),
                parse.GetValue(crlf));
            return Task.FromResult(Run(options, parse.GetValue(output)!, cancellationToken));
        });
        return command;
    }

    public static int Run(GeneratorOptions options, FileInfo output, CancellationToken cancellationToken)
    {
        var problems = options.Validate(DateOnly.FromDateTime(DateTime.Now));
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"generate: {problem}");
            }

            return ExitCodes.InputRefused;
        }

        var result = GeneratedFile.Write(options, output, cancellationToken);
        var mb = result.Bytes / 1e6;
        static long PeakMemoryMiB()
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return self.PeakWorkingSet64 / (1024 * 1024);
        }

        Console.WriteLine(
            $"Wrote {output.FullName}: {result.Rows:N0} rows ({result.GoodRows:N0} good, {result.Rows - result.GoodRows:N0} planted bad), " +
            $"{result.Customers:N0} customers, {mb:N0} MB in {result.Elapsed.TotalSeconds:N1} s ({mb / result.Elapsed.TotalSeconds:N0} MB/s), " +
            $"peak memory {PeakMemoryMiB():N0} MiB");
        if (options.BadRowFraction > 0)
        {
            Console.WriteLine($"Planted bad rows listed in {GeneratedFile.BadRowsPath(output)}: " +
                string.Join(", ", result.BadRowsByRule.Where(pair => pair.Value > 0).Select(pair => $"{pair.Key} {pair.Value:N0}")));
        }

        return ExitCodes.Success;
    }
}

/// <summary>Writes a generated file atomically, with a progress bar on a terminal.</summary>
internal static class GeneratedFile
{
    public static string BadRowsPath(FileInfo output) => GeneratedPurchaseFile.BadRowsPath(output.FullName);

    public static GenerationResult Write(GeneratorOptions options, FileInfo output, CancellationToken cancellationToken) =>
        WithProgress(options.Rows, progress => GeneratedPurchaseFile.Write(options, output.FullName, progress, cancellationToken));

    private static GenerationResult WithProgress(long rows, Func<Action<long>?, GenerationResult> generate)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return generate(null);
        }

        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Generating rows", maxValue: rows);
                return generate(written => task.Value = written);
            });
    }
}
