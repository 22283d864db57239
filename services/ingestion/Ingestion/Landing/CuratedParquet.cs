using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ParquetSharp;
using ParquetSharp.Schema;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>One curated partition file of a batch, complete, still in the work folder.</summary>
internal sealed record CuratedPartitionFile(int Year, int Month, string Path, long Rows);

/// <summary>One partition to write: its staging files (from one or two validating threads) and the source lines to leave out.</summary>
internal sealed record CuratedPartition(int Year, int Month, IReadOnlyList<string> Staging, IReadOnlySet<long> Excluded, string Target);

/// <summary>
/// Writes curated Parquet files from staged records (<see cref="StagedRow"/>) with Apache Parquet's own writer:
/// typed columns straight from the validated values, no second parse of text. Each partition's records are read
/// front to back in chunks; a chunk's rows become one row group, their text handed to the writer where it lies.
/// </summary>
internal static class CuratedParquet
{
    /// <summary>Up to this many bytes of records make one row group (a typical month of orders fits in one).</summary>
    public const int DefaultChunkBytes = 16 << 20;

    private const int MaxRowGroupRows = 1 << 17;

    /// <summary>Writes every partition, on as many threads as the machine has cores.</summary>
    public static IReadOnlyList<CuratedPartitionFile> WriteAll(
        IReadOnlyList<CuratedPartition> partitions, Guid batchId, CancellationToken cancellationToken, int chunkBytes = DefaultChunkBytes)
    {
        var batch = System.Text.Encoding.UTF8.GetBytes(batchId.ToString());

        // No bigger than the largest partition's records need (a small file gets small buffers).
        var largest = partitions.Select(p => p.Staging.Sum(file => new FileInfo(file).Length)).DefaultIfEmpty(0).Max();
        chunkBytes = (int)Math.Min(chunkBytes, Math.Max(largest, 1 << 12));
        var files = new CuratedPartitionFile[partitions.Count];
        using var schema = Schema();
        using var properties = Properties();

        // One writer, with its buffers, per thread; the biggest partitions first, so that no thread is left with a
        // big one at the end while the others wait.
        var order = Enumerable.Range(0, partitions.Count).OrderByDescending(i => partitions[i].Staging.Sum(file => new FileInfo(file).Length)).ToArray();
        var next = -1;
        var threads = Math.Max(1, Math.Min(Environment.ProcessorCount, partitions.Count));
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            var writer = new Writer(chunkBytes);
            for (var taken = Interlocked.Increment(ref next); taken < order.Length && !cancellationToken.IsCancellationRequested; taken = Interlocked.Increment(ref next))
            {
                var partition = partitions[order[taken]];
                files[order[taken]] = new CuratedPartitionFile(partition.Year, partition.Month, partition.Target, writer.Write(partition, schema, properties, batch));
            }
        });
        cancellationToken.ThrowIfCancellationRequested();
        return files;
    }

    // The columns of curated/purchases, in order; the types DuckDB reads as VARCHAR, DATE, TIME, DECIMAL(12,2),
    // INTEGER and BIGINT. Every column optional, as engines write them.
    private static GroupNode Schema()
    {
        using var text = LogicalType.String();
        using var date = LogicalType.Date();
        using var time = LogicalType.Time(isAdjustedToUtc: false, TimeUnit.Micros);
        using var money = LogicalType.Decimal(precision: 12, scale: 2);
        using var int32 = LogicalType.Int(32, isSigned: true);
        using var int64 = LogicalType.Int(64, isSigned: true);
        Node Column(string name, LogicalType type, PhysicalType physical) => new PrimitiveNode(name, Repetition.Optional, type, physical);
        return new GroupNode("schema", Repetition.Required,
        [
            Column("nk_ota_localizer_id", text, PhysicalType.ByteArray),
            Column("fk_contact", text, PhysicalType.ByteArray),
            Column("date_purchase", date, PhysicalType.Int32),
            Column("time_purchase", time, PhysicalType.Int64),
            Column("place_origin_departure", text, PhysicalType.ByteArray),
            Column("place_destination_departure", text, PhysicalType.ByteArray),
            Column("place_origin_return", text, PhysicalType.ByteArray),
            Column("place_destination_return", text, PhysicalType.ByteArray),
            Column("fk_departure_ota_bus_company", text, PhysicalType.ByteArray),
            Column("fk_return_ota_bus_company", text, PhysicalType.ByteArray),
            Column("gmv_success", money, PhysicalType.Int64),
            Column("total_tickets_quantity_success", int32, PhysicalType.Int32),
            Column("batch_id", text, PhysicalType.ByteArray),
            Column("source_line", int64, PhysicalType.Int64),
        ]);
    }

    // Snappy with dictionaries, except for the two 64-character hash ids: unique per row (order) or nearly (customer),
    // so a dictionary only costs time; hex digits barely compress; and min / max of a hash prunes nothing.
    private static WriterProperties Properties()
    {
        using var builder = new WriterPropertiesBuilder();
        builder.Compression(Compression.Snappy).CreatedBy("inactive-customers ingestion");
        foreach (var id in (string[])["nk_ota_localizer_id", "fk_contact"])
        {
            builder.DisableDictionary(id).Compression(id, Compression.Uncompressed).DisableStatistics(id);
        }

        builder.DisableDictionary("source_line");
        return builder.Build();
    }

    // One thread's reusable buffers: the chunk of records being read, the columns of the row group, and the hex text
    // of its ids (a staged id of 32 bytes is 64 characters again; no more than twice the chunk, or 8 per row).
    private sealed class Writer(int chunkBytes)
    {
        private readonly byte[] _chunk = GC.AllocateUninitializedArray<byte>(chunkBytes);
        private readonly byte[] _hex = GC.AllocateUninitializedArray<byte>((int)Math.Min(2L * chunkBytes, (long)MaxRowGroupRows * StagedRow.TextColumns * StagedRow.HexIdLength));
        private nint _hexAddress;
        private int _hexUsed;
        private short[] _present = [];
        private long[] _lines = [];
        private int[] _dates = [];
        private long[] _times = [];
        private short[] _timeLevels = [];
        private long[] _gmvCents = [];
        private int[] _tickets = [];
        private readonly ByteArray[][] _text = new ByteArray[StagedRow.TextColumns + 1][];
        private readonly short[][] _textLevels = new short[StagedRow.TextColumns][];
        private readonly int[] _textPresent = new int[StagedRow.TextColumns];
        private int _rows;
        private int _timesPresent;

        public long Write(CuratedPartition partition, GroupNode schema, WriterProperties properties, byte[] batchId)
        {
            long written = 0;
            var chunk = GCHandle.Alloc(_chunk, GCHandleType.Pinned);
            var hex = GCHandle.Alloc(_hex, GCHandleType.Pinned);
            var batch = GCHandle.Alloc(batchId, GCHandleType.Pinned);
            try
            {
                var address = chunk.AddrOfPinnedObject();
                _hexAddress = hex.AddrOfPinnedObject();
                using var file = new ParquetFileWriter(partition.Target, schema, properties);
                var filled = 0;
                foreach (var staging in partition.Staging)
                {
                    using var input = SequentialFile.OpenRead(staging);
                    while (true)
                    {
                        var read = input.Read(_chunk, filled, _chunk.Length - filled);
                        filled += read;
                        if (filled == 0)
                        {
                            break;
                        }

                        var used = Transpose(address, filled, partition.Excluded);
                        if (used == 0)
                        {
                            // Not one whole record yet: read more, unless there is no more.
                            if (read == 0)
                            {
                                throw new InvalidDataException($"staging file '{staging}' ends inside a record, or holds one over {_chunk.Length} bytes");
                            }

                            continue;
                        }

                        if (_rows > 0)
                        {
                            WriteRowGroup(file, batch.AddrOfPinnedObject(), batchId.Length);
                            written += _rows;
                        }

                        _chunk.AsSpan(used, filled - used).CopyTo(_chunk);
                        filled -= used;
                    }
                }

                file.Close();
            }
            finally
            {
                batch.Free();
                hex.Free();
                chunk.Free();
            }

            return written;
        }

        // Turns the complete records at the start of the chunk into columns (leaving out excluded lines) and returns
        // how many bytes they took.
        private int Transpose(nint address, int filled, IReadOnlySet<long> excluded)
        {
            var data = _chunk.AsSpan(0, filled);
            var at = 0;
            _rows = 0;
            _timesPresent = 0;
            _hexUsed = 0;
            Array.Clear(_textPresent);
            while (at < filled && _rows < MaxRowGroupRows)
            {
                var record = data[at..];
                var length = StagedRow.Length(record);
                if (length == 0)
                {
                    break;
                }

                var line = StagedRow.Line(record);
                if (excluded.Count == 0 || !excluded.Contains(line))
                {
                    Add(address + at, record, line);
                }

                at += length;
            }

            return at;
        }

        private void Add(nint recordAddress, ReadOnlySpan<byte> record, long line)
        {
            var row = _rows;
            if (row == _lines.Length)
            {
                Grow();
            }

            _lines[row] = line;
            _dates[row] = StagedRow.Date(record);
            var time = StagedRow.Time(record);
            _timeLevels[row] = time < 0 ? (short)0 : (short)1;
            if (time >= 0)
            {
                _times[_timesPresent++] = time;
            }

            _gmvCents[row] = StagedRow.GmvCents(record);
            _tickets[row] = StagedRow.Tickets(record);
            var at = StagedRow.TextStart;
            for (var column = 0; column < StagedRow.TextColumns; column++)
            {
                var tag = record[at++];
                _textLevels[column][row] = tag == StagedRow.Absent ? (short)0 : (short)1;
                if (tag == StagedRow.Hex)
                {
                    Convert.TryToHexStringLower(record.Slice(at, StagedRow.HexIdLength / 2), _hex.AsSpan(_hexUsed, StagedRow.HexIdLength), out _);
                    _text[column][_textPresent[column]++] = new ByteArray(_hexAddress + _hexUsed, StagedRow.HexIdLength);
                    _hexUsed += StagedRow.HexIdLength;
                    at += StagedRow.HexIdLength / 2;
                }
                else if (tag == StagedRow.Text)
                {
                    var length = BinaryPrimitives.ReadInt32LittleEndian(record[at..]);
                    _text[column][_textPresent[column]++] = new ByteArray(recordAddress + at + 4, length);
                    at += 4 + length;
                }
            }

            _rows++;
        }

        private void WriteRowGroup(ParquetFileWriter file, nint batchId, int batchIdLength)
        {
            _text[StagedRow.TextColumns].AsSpan(0, _rows).Fill(new ByteArray(batchId, batchIdLength));
            using var rowGroup = file.AppendRowGroup();
            WriteText(rowGroup, 0);
            WriteText(rowGroup, 1);
            Write(rowGroup, _present, _dates, _rows);
            Write(rowGroup, _timeLevels, _times, _timesPresent);
            for (var column = 2; column < StagedRow.TextColumns; column++)
            {
                WriteText(rowGroup, column);
            }

            Write(rowGroup, _present, _gmvCents, _rows);
            Write(rowGroup, _present, _tickets, _rows);
            Write(rowGroup, _present, _text[StagedRow.TextColumns], _rows);
            Write(rowGroup, _present, _lines, _rows);
        }

        private void Write<T>(RowGroupWriter rowGroup, short[] levels, T[] values, int present)
            where T : unmanaged
        {
            using var column = (ColumnWriter<T>)rowGroup.NextColumn();
            column.WriteBatch(_rows, levels.AsSpan(0, _rows), default, values.AsSpan(0, present));
        }

        private void WriteText(RowGroupWriter rowGroup, int column)
        {
            using var writer = (ColumnWriter<ByteArray>)rowGroup.NextColumn();
            writer.WriteBatch(_rows, _textLevels[column].AsSpan(0, _rows), default, _text[column].AsSpan(0, _textPresent[column]));
        }

        private void Grow()
        {
            var capacity = Math.Min(MaxRowGroupRows, Math.Max(1024, _lines.Length * 2));
            _present = Enumerable.Repeat((short)1, capacity).ToArray();
            Array.Resize(ref _lines, capacity);
            Array.Resize(ref _dates, capacity);
            Array.Resize(ref _times, capacity);
            Array.Resize(ref _timeLevels, capacity);
            Array.Resize(ref _gmvCents, capacity);
            Array.Resize(ref _tickets, capacity);
            for (var column = 0; column <= StagedRow.TextColumns; column++)
            {
                Array.Resize(ref _text[column], capacity);
            }

            for (var column = 0; column < StagedRow.TextColumns; column++)
            {
                Array.Resize(ref _textLevels[column], capacity);
            }
        }
    }
}
