using System.Buffers;
using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>
/// Accepted orders split by year and month of purchase into one staging CSV each, so that every curated
/// partition is written by a plain single-file COPY; and the keys of the batch's order ids, for later batches'
/// dedup. Everything lives in the batch's work folder until it is published.
/// </summary>
internal sealed class PartitionedStaging : IAcceptedOrders, IDisposable
{
    private const int FlushAt = 1 << 16;

    private readonly string _folder;
    private readonly Dictionary<(int Year, int Month), Partition> _partitions = [];
    private readonly FileStream _orderKeys;
    private readonly byte[] _keyBuffer = new byte[1 << 16];
    private int _keyBytes;

    /// <param name="folder">Where the staging files go (created).</param>
    /// <param name="remember">Keep each accepted order's key, line and partition, to take some out afterwards.</param>
    public PartitionedStaging(string folder, bool remember = false)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        _orderKeys = new FileStream(Path.Combine(folder, "order-ids.bin"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        Remembered = remember ? [] : null;
    }

    /// <summary>Every accepted order, when asked to remember them.</summary>
    public List<(UInt128 Key, long Line, int Year, int Month)>? Remembered { get; }

    public sealed class Partition(string path)
    {
        public string Path { get; } = path;
        public FileStream Stream { get; } = new(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        public ArrayBufferWriter<byte> Buffer { get; } = new(FlushAt * 2);
        public long Rows { get; set; }

        public void Flush()
        {
            Stream.Write(Buffer.WrittenSpan);
            Buffer.ResetWrittenCount();
        }
    }

    public string OrderKeysPath => _orderKeys.Name;

    public IReadOnlyDictionary<(int Year, int Month), Partition> Partitions => _partitions;

    public void Add(long line, in PurchaseRow row, UInt128 orderKey)
    {
        var key = (row.Date.Year, row.Date.Month);
        if (!_partitions.TryGetValue(key, out var partition))
        {
            partition = new Partition(Path.Combine(_folder, $"staging-{key.Year:0000}-{key.Month:00}.csv"));
            _partitions[key] = partition;
        }

        StagingCsv.Write(partition.Buffer, line, row);
        partition.Rows++;
        Remembered?.Add((orderKey, line, key.Year, key.Month));
        if (partition.Buffer.WrittenCount >= FlushAt)
        {
            partition.Flush();
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(_keyBuffer.AsSpan(_keyBytes), orderKey);
        _keyBytes += 16;
        if (_keyBytes == _keyBuffer.Length)
        {
            _orderKeys.Write(_keyBuffer);
            _keyBytes = 0;
        }
    }

    /// <summary>Flushes and closes every file so the engine can read them.</summary>
    public void Dispose()
    {
        foreach (var partition in _partitions.Values)
        {
            partition.Flush();
            partition.Stream.Dispose();
        }

        _orderKeys.Write(_keyBuffer, 0, _keyBytes);
        _orderKeys.Dispose();
    }
}
