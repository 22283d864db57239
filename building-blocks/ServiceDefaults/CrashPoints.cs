namespace InactiveCustomers.ServiceDefaults;

/// <summary>
/// Failure injection for the crash tests: when INACTIVE_CUSTOMERS_CRASH_AT names a point, the process dies there
/// at once, as a kill would, with no cleanup. Unset (always, in production) it does nothing. Each service names its
/// points beside the code that hits them.
/// </summary>
public static class CrashPoints
{
    public const string Variable = "INACTIVE_CUSTOMERS_CRASH_AT";

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable);

    public static void Hit(string point)
    {
        if (string.Equals(Armed, point, StringComparison.Ordinal))
        {
            Environment.FailFast($"crash test: killed at '{point}'");
        }
    }
}
