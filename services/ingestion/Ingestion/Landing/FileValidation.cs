using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>What validating a file produced: counts, the staging of its accepted orders, and orders to leave out.</summary>
internal sealed record FileValidation(ValidationOutcome Outcome, IReadOnlyList<PartitionedStaging> Stagings, IReadOnlyDictionary<(int Year, int Month), List<long>> Excluded)
{
    /// <summary>Files smaller than this are validated by one thread.</summary>
    public const long DefaultParallelThreshold = 16 << 20;

    /// <summary>
    /// Validates <paramref name="path"/>, in two halves on two threads when the file is large and the machine has two
    /// cores. The halves split at a line end; if that line end turns out to be inside a quoted field (the first half
    /// ends with a quote open) the parallel result is thrown away and the file validated by one thread. An order id
    /// in both halves is kept in the first: its copy in the second half is taken out afterwards.
    /// </summary>
    public static FileValidation Run(
        string path, string rejectsFile, string work, PurchaseFileValidator validator, IReadOnlySet<UInt128> landed,
        long parallelThreshold, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (Environment.ProcessorCount > 1 && length >= parallelThreshold && TryInHalves(path, rejectsFile, work, validator, landed, length, cancellationToken) is { } halves)
        {
            return halves;
        }

        var staging = new PartitionedStaging(Path.Combine(work, "staging-1"));
        try
        {
            using var input = OpenRead(path);
            using var rejects = new FileStream(rejectsFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var outcome = validator.Run(input, rejects, staging, landed, [], cancellationToken);
            return new FileValidation(outcome, [staging], new Dictionary<(int, int), List<long>>());
        }
        finally
        {
            staging.Dispose();
        }
    }

    private static FileValidation? TryInHalves(
        string path, string rejectsFile, string work, PurchaseFileValidator validator, IReadOnlySet<UInt128> landed, long length, CancellationToken cancellationToken)
    {
        var first = new PartitionedStaging(Path.Combine(work, "staging-1"));
        var second = new PartitionedStaging(Path.Combine(work, "staging-2"), remember: true);
        var secondRejects = rejectsFile + ".2";
        var ok = false;
        try
        {
            ValidationOutcome firstOutcome, secondOutcome;
            HashSet<UInt128> firstSeen = [];
            using (var rejects = new FileStream(rejectsFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var split = LineEndAfter(path, length / 2);
                using var firstPart = new FileRangeStream(path, 0, split < 0 ? length : split);
                var reader = new CsvRecordReader(firstPart);
                var header = PurchaseFileValidator.ReadHeader(reader);
                if (split < 0 || split <= reader.BytesConsumed)
                {
                    return null;
                }

                PurchaseFileValidator.WriteRejectsHeader(rejects);
                var later = Task.Run(() =>
                {
                    var firstLine = 1 + CountLineEnds(path, split);
                    using var secondPart = new FileRangeStream(path, split, length);
                    using var laterRejects = new FileStream(secondRejects, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    return validator.ValidateRows(new CsvRecordReader(secondPart, firstLine: firstLine), header, laterRejects, second, landed, [], cancellationToken);
                }, cancellationToken);

                try
                {
                    firstOutcome = validator.ValidateRows(reader, header, rejects, first, landed, firstSeen, cancellationToken);
                }
                catch (PurchaseFileRefusedException)
                {
                    Observe(later); // the earlier problem is the one to report
                    throw;
                }

                if (firstOutcome.EndedInsideQuotes)
                {
                    Observe(later);
                    return null; // split inside a quoted field: do it again in one piece
                }

#pragma warning disable VSTHRD002 // a worker thread of this synchronous method; it has finished or will shortly
                secondOutcome = later.GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
                using var laterRejectsIn = OpenRead(secondRejects);
                laterRejectsIn.CopyTo(rejects);
            }

            if (firstOutcome.RowsRead + secondOutcome.RowsRead == 0)
            {
                throw new PurchaseFileRefusedException("the file has a header but no data rows");
            }

            var excluded = new Dictionary<(int, int), List<long>>();
            long repeats = 0;
            foreach (var (key, line, year, month) in second.Remembered!)
            {
                if (firstSeen.Contains(key))
                {
                    (excluded.TryGetValue((year, month), out var lines) ? lines : excluded[(year, month)] = []).Add(line);
                    repeats++;
                }
            }

            firstOutcome.Add(secondOutcome);
            firstOutcome.RowsAccepted -= repeats;
            firstOutcome.DuplicatesDropped += repeats;
            ok = true;
            return new FileValidation(firstOutcome, [first, second], excluded);
        }
        finally
        {
            first.Dispose();
            second.Dispose();
            File.Delete(secondRejects);
            if (!ok)
            {
                Directory.Delete(Path.Combine(work, "staging-1"), recursive: true);
                Directory.Delete(Path.Combine(work, "staging-2"), recursive: true);
            }
        }
    }

    // Waits for a worker whose result is no longer wanted, so it does not outlive its files.
    private static void Observe(Task task)
    {
        try
        {
#pragma warning disable VSTHRD002
            task.GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        }
        catch (Exception e) when (e is PurchaseFileRefusedException or OperationCanceledException)
        {
            // Superseded by the first half's outcome.
        }
    }

    // The offset just after the first line feed at or after `from`, or -1.
    private static long LineEndAfter(string path, long from)
    {
        using var file = OpenRead(path);
        file.Position = from;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            var at = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (at >= 0)
            {
                return file.Position - read + at + 1;
            }
        }

        return -1;
    }

    private static long CountLineEnds(string path, long end)
    {
        using var part = new FileRangeStream(path, 0, end);
        var buffer = new byte[1 << 20];
        long count = 0;
        int read;
        while ((read = part.Read(buffer)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return count;
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
}
