using System.Buffers.Binary;
using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>
/// One validating thread's accepted orders, split by year and month of purchase into one staging file each (records
/// of <see cref="StagedRow"/>, written through a small buffer per partition so that a hundred partitions filling at
/// once stay in the processor's cache), and the keys of their order ids, for later batches' dedup.
/// </summary>
internal sealed class PartitionedStaging : IAcceptedOrders, IDisposable
{
    private const int BufferBytes = 1 << 16;

    private readonly string _folder;
    private readonly string _prefix;
    private readonly Dictionary<int, Partition> _partitions = [];
    private readonly FileStream _orderKeys;
    private readonly byte[] _keyBuffer = new byte[1 << 16];
    private int _keyBytes;
    private bool _disposed;

    /// <param name="folder">Where the staging files go (created).</param>
    /// <param name="prefix">Distinguishes this thread's files from another's in the same folder.</param>
    /// <param name="remember">Keep each accepted order's key, line and partition, to take some out afterwards.</param>
    public PartitionedStaging(string folder, string prefix, bool remember = false)
    {
        _folder = folder;
        _prefix = prefix;
        Directory.CreateDirectory(folder);
        _orderKeys = WorkFile.Create(Path.Combine(folder, $"{prefix}order-ids.bin"));
        Remembered = remember ? [] : null;
    }

    /// <summary>Every accepted order, when asked to remember them.</summary>
    public List<(UInt128 Key, long Line, int Year, int Month)>? Remembered { get; }

    public string OrderKeysPath => _orderKeys.Name;

    /// <summary>The staging file and row count of each partition, once disposed.</summary>
    public IEnumerable<(int Year, int Month, string Path, long Rows)> Partitions =>
        _partitions.Values.Select(p => (p.Year, p.Month, p.Stream.Name, p.Rows));

    public void Add(long line, in PurchaseRow row, UInt128 orderKey)
    {
        var (year, month, _) = row.Date;
        if (!_partitions.TryGetValue((year * 100) + month, out var partition))
        {
            partition = new Partition(year, month, Path.Combine(_folder, $"{_prefix}{year:0000}-{month:00}.bin"));
            _partitions[(year * 100) + month] = partition;
        }

        var size = StagedRow.MaxSize(row);
        if (partition.Used + size > BufferBytes)
        {
            partition.Flush();
        }

        if (size > BufferBytes)
        {
            var record = new byte[size];
            partition.Stream.Write(record, 0, StagedRow.Write(record, line, row));
        }
        else
        {
            partition.Used += StagedRow.Write(partition.Buffer.AsSpan(partition.Used), line, row);
        }

        partition.Rows++;
        Remembered?.Add((orderKey, line, year, month));
        BinaryPrimitives.WriteUInt128LittleEndian(_keyBuffer.AsSpan(_keyBytes), orderKey);
        _keyBytes += 16;
        if (_keyBytes == _keyBuffer.Length)
        {
            _orderKeys.Write(_keyBuffer);
            _keyBytes = 0;
        }
    }

    /// <summary>Flushes and closes every file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var partition in _partitions.Values)
        {
            partition.Flush();
            partition.Stream.Dispose();
        }

        _orderKeys.Write(_keyBuffer, 0, _keyBytes);
        _orderKeys.Dispose();
    }

    private sealed class Partition(int year, int month, string path)
    {
        public int Year { get; } = year;

        public int Month { get; } = month;

        public FileStream Stream { get; } = WorkFile.Create(path);

        public byte[] Buffer { get; } = new byte[BufferBytes];

        public int Used { get; set; }

        public long Rows { get; set; }

        public void Flush()
        {
            Stream.Write(Buffer, 0, Used);
            Used = 0;
        }
    }
}
