namespace InactiveCustomers.Ingestion.Landing;

/// <summary>Opens a file for one front-to-back read with a large buffer: how ingestion reads everything.</summary>
internal static class SequentialFile
{
    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
}
