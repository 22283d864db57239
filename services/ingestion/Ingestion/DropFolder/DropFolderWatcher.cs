using System.Text.Json;
using InactiveCustomers.Ingestion.Batches;

namespace InactiveCustomers.Ingestion.DropFolder;

/// <summary>
/// The local stand-in for S3 object-created notifications: files that appear in Ingestion:DropFolder are submitted
/// once they stop growing, then moved aside to its <c>_accepted</c> folder with a receipt naming their batch.
/// Names starting with '.' or '_', and *.partial / *.tmp files (still being written), are left alone.
/// </summary>
internal sealed class DropFolderWatcher(PurchaseBatches batches, IngestionSettings settings, TimeProvider clock, ILogger<DropFolderWatcher> logger) : BackgroundService
{
    public const string AcceptedFolder = "_accepted";

    private readonly Dictionary<string, (long Length, DateTime Written)> _lastSeen = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.DropFolder is not { } folder)
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(folder, AcceptedFolder));
        logger.LogInformation("Watching drop folder {DropFolder}", Path.GetFullPath(folder));
        using var timer = new PeriodicTimer(settings.DropFolderPollInterval, clock);
        do
        {
            foreach (var file in Directory.EnumerateFiles(folder).Where(IsCandidate).Order(StringComparer.Ordinal).ToList())
            {
                if (IsStable(file))
                {
                    await SubmitAsync(folder, file, stoppingToken);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static bool IsCandidate(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && !name.StartsWith('_')
            && !name.EndsWith(".partial", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase);
    }

    // A file is taken once it looks the same on two scans in a row: a writer that is still copying makes it grow.
    private bool IsStable(string path)
    {
        var info = new FileInfo(path);
        var now = (info.Length, info.LastWriteTimeUtc);
        var stable = _lastSeen.TryGetValue(path, out var before) && before == now;
        _lastSeen[path] = now;
        return stable;
    }

    private async Task SubmitAsync(string folder, string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        try
        {
            PurchaseBatch batch;
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 20, useAsync: true))
            {
                (batch, _) = await batches.SubmitAsync(stream, name, "drop-folder", cancellationToken);
            }

            var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var aside = Path.Combine(folder, AcceptedFolder, $"{stamp}-{name}");
            File.Move(path, aside);
            await File.WriteAllTextAsync(aside + ".receipt.json",
                JsonSerializer.Serialize(new { batchId = batch.Id, status = $"/api/purchase-files/{batch.Id}" }), cancellationToken);
            _lastSeen.Remove(path);
            logger.LogInformation("Drop folder: {File} received as batch {BatchId}", name, batch.Id);
        }
        catch (IOException e)
        {
            logger.LogWarning("Drop folder: {File} is not readable yet ({Reason}); trying again", name, e.Message);
        }
    }
}
