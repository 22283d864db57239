namespace InactiveCustomers.TestSupport;

/// <summary>Throwaway folders for servers and files, under INACTIVE_TEST_TMP when the test command sets it.</summary>
public static class TestFolders
{
    public static string Root { get; } = Environment.GetEnvironmentVariable("INACTIVE_TEST_TMP") is { Length: > 0 } root
        ? root
        : Path.Combine(Path.GetTempPath(), "inactive-customers-tests");

    public static string New(string purpose)
    {
        var path = Path.Combine(Root, $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
