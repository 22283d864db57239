using System.CommandLine;
using System.Text;
using InactiveCustomers.Segmentation.Views;

namespace InactiveCustomers.Cli;

/// <summary><c>athena-views [--out FILE]</c>: the BI views' CREATE VIEW text for Athena, from the same SQL as the local views.</summary>
internal static class AthenaViewsCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--out") { Description = "File to write [default: standard output]", HelpName = "FILE" };
        var command = new Command("athena-views", "Print the vw_* views as Athena CREATE VIEW statements (generated from bi-views.sql)") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var script = BiViews.AthenaScript();
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, script, new UTF8Encoding(false), cancellationToken);
                await Console.Error.WriteLineAsync($"{file.FullName}: {BiViews.Names.Count} views for Athena");
            }
            else
            {
                await Console.Out.WriteAsync(script);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
