namespace InactiveCustomers.Cli;

/// <summary>The tool's exit codes (ARCHITECTURE.md, "Command-line tool").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InputRefused = 2;
}
