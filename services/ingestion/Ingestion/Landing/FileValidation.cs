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

        var staging = new PartitionedStaging(Path.Combine(work, "staging"), "1-");
        try
        {
            using var input = SequentialFile.OpenRead(path);
            using var rejects = WorkFile.Create(rejectsFile, 1 << 16);
            var outcome = validator.Run(input, rejects, staging, landed, OrderIdSet(length), cancellationToken);
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
        var folder = Path.Combine(work, "staging-halves");
        var first = new PartitionedStaging(folder, "1-");
        var second = new PartitionedStaging(folder, "2-", remember: true);
        var secondRejects = rejectsFile + ".2";
        var ok = false;
        try
        {
            ValidationOutcome firstOutcome, secondOutcome;
            var firstSeen = OrderIdSet(length / 2);
            using (var rejects = WorkFile.Create(rejectsFile, 1 << 16))
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
                ValidationOutcome? firstResult = null, secondResult = null;
                PurchaseFileRefusedException? firstRefusal = null, secondRefusal = null;
                try
                {
                    Parallel.Invoke(
                        () => firstResult = Capture(() => validator.ValidateRows(reader, header, rejects, first, landed, firstSeen, cancellationToken), out firstRefusal),
                        () => secondResult = Capture(
                            () =>
                            {
                                var firstLine = 1 + CountLineEnds(path, split);
                                using var secondPart = new FileRangeStream(path, split, length);
                                using var laterRejects = WorkFile.Create(secondRejects, 1 << 16);
                                return validator.ValidateRows(new CsvRecordReader(secondPart, firstLine: firstLine), header, laterRejects, second, landed, OrderIdSet(length / 2), cancellationToken);
                            },
                            out secondRefusal));
                }
                catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OperationCanceledException))
                {
                    throw e.InnerExceptions[0];
                }

                if (firstRefusal is not null)
                {
                    throw firstRefusal; // the earlier problem is the one to report
                }

                firstOutcome = firstResult!;
                if (firstOutcome.EndedInsideQuotes)
                {
                    return null; // split inside a quoted field: do it again in one piece
                }

                secondOutcome = secondRefusal is null ? secondResult! : throw secondRefusal;
                using var laterRejectsIn = SequentialFile.OpenRead(secondRejects);
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
                File.Delete(rejectsFile); // validated again in one piece, or refused
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    // The set of order ids seen in a part of the file, sized for the orders such a part usually holds (an export line
    // is 300-odd bytes), so that it does not grow — rehashing a million 16-byte keys — as it fills.
    private static HashSet<UInt128> OrderIdSet(long bytes) => new((int)Math.Min(bytes / 320, 1 << 26));

    // Runs one half, keeping a refusal aside so the halves' refusals can be reported in file order.
    private static ValidationOutcome? Capture(Func<ValidationOutcome> validate, out PurchaseFileRefusedException? refusal)
    {
        try
        {
            refusal = null;
            return validate();
        }
        catch (PurchaseFileRefusedException e)
        {
            refusal = e;
            return null;
        }
    }

    // The offset just after the first line feed at or after `from`, or -1.
    private static long LineEndAfter(string path, long from)
    {
        using var file = SequentialFile.OpenRead(path);
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
}
