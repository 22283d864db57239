using System.CommandLine;
using InactiveCustomers.Cli;

var root = new RootCommand("inactive-customers: operator tool for the InactiveCustomers pipeline")
{
    GenerateCommand.Create(),
    ProfileCommand.Create(),
    IngestCommand.Create(),
    SegmentCommand.Create(),
    ExportSegmentsCommand.Create(),
    AthenaViewsCommand.Create(),
    DemoCommand.Create(),
    UpCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // A wrong option is refused input (exit 2), said plainly without a page of help.
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"inactive-customers: {error.Message}");
    }

    Console.Error.WriteLine("Run 'inactive-customers [command] --help' for the options.");
    return ExitCodes.InputRefused;
}

return await parse.InvokeAsync();
