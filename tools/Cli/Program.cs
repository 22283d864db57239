using System.CommandLine;
using InactiveCustomers.Cli;

var root = new RootCommand("inactive-customers: operator tool for the InactiveCustomers pipeline")
{
    GenerateCommand.Create(),
    ProfileCommand.Create(),
    DemoCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
