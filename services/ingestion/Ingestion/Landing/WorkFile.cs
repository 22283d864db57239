namespace InactiveCustomers.Ingestion.Landing;

/// <summary>Creates the files of a batch's work folder, which is new for every attempt.</summary>
internal static class WorkFile
{
    /// <summary>
    /// Creates a file that must not exist yet. Not <see cref="FileMode.Create"/>: on Linux that truncates the new file to
    /// zero, and ext4 then writes such a file out to disk when it is closed (its guard for files replaced by truncation,
    /// auto_da_alloc) — a few milliseconds each, a quarter of a second for a file's 256 staging files.
    /// </summary>
    public static FileStream Create(string path, int bufferSize = 0) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
}
