using System.Buffers;
using System.Buffers.Text;
using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;

namespace InactiveCustomers.Ingestion.Validation;

/// <summary>Where accepted orders go: typed, sentinels removed, each with the 128-bit key of its order id.</summary>
internal interface IAcceptedOrders
{
    void Add(long line, in PurchaseRow row, UInt128 orderKey);
}

/// <summary>
/// One pass over a purchase file (DATASET.md, "Validation"): refuses the whole file for file-level problems (by
/// throwing <see cref="PurchaseFileRefusedException"/>), writes each rejected row to the rejects file with line,
/// column, reason and the original line, drops orders whose id is already known — landed by an earlier batch or
/// seen earlier in this file: the first wins — and hands the accepted orders on.
/// </summary>
internal sealed class PurchaseFileValidator(DateOnly ingestDate)
{
    public const string RejectsHeader = "line,column,reason,message,original_line";

    /// <summary>Validates a whole file read from <paramref name="file"/>, header first.</summary>
    public ValidationOutcome Run(Stream file, Stream rejects, IAcceptedOrders accepted, IReadOnlySet<UInt128> landed, HashSet<UInt128> seen, CancellationToken cancellationToken)
    {
        var reader = new CsvRecordReader(file);
        var header = ReadHeader(reader);
        WriteRejectsHeader(rejects);
        var outcome = ValidateRows(reader, header, rejects, accepted, landed, seen, cancellationToken);
        return outcome.RowsRead == 0 ? throw new PurchaseFileRefusedException("the file has a header but no data rows") : outcome;
    }

    /// <summary>File-level checks up to and including the header: encoding, emptiness, columns, delimiter.</summary>
    public static PurchaseHeader ReadHeader(CsvRecordReader reader)
    {
        CheckEncoding(reader);
        if (!reader.MoveNext())
        {
            throw new PurchaseFileRefusedException("the file is empty");
        }

        CheckUtf8(reader);
        return PurchaseHeader.Parse(reader);
    }

    public static void WriteRejectsHeader(Stream rejects) => rejects.Write(Encoding.UTF8.GetBytes(RejectsHeader + "\n"));

    /// <summary>
    /// Validates the data rows <paramref name="reader"/> has left. An order is dropped as a duplicate when its id is in
    /// <paramref name="landed"/> (earlier batches, only read) or already in <paramref name="seen"/> (this file so far).
    /// </summary>
    public ValidationOutcome ValidateRows(
        CsvRecordReader reader, PurchaseHeader header, Stream rejects, IAcceptedOrders accepted,
        IReadOnlySet<UInt128> landed, HashSet<UInt128> seen, CancellationToken cancellationToken)
    {
        var validator = new PurchaseRowValidator(header, ingestDate);
        var outcome = new ValidationOutcome { HeaderDrift = header.Drift };
        Span<byte> number = stackalloc byte[24];
        while (reader.MoveNext())
        {
            if ((outcome.RowsRead & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            outcome.RowsRead++;
            outcome.EndedInsideQuotes = reader.UnterminatedQuote;
            CheckUtf8(reader);
            if (!validator.TryValidate(reader, out var row, out var rejection))
            {
                outcome.RowsRejected++;
                outcome.RejectsByReason[rejection.Rule] = outcome.RejectsByReason.GetValueOrDefault(rejection.Rule) + 1;
                WriteReject(rejects, reader, rejection, number);
                continue;
            }

            var orderKey = OrderKey(row.OrderId);
            if (landed.Contains(orderKey) || !seen.Add(orderKey))
            {
                outcome.DuplicatesDropped++;
                continue;
            }

            outcome.RowsAccepted++;
            outcome.MinDate = outcome.MinDate is { } min && min <= row.Date ? min : row.Date;
            outcome.MaxDate = outcome.MaxDate is { } max && max >= row.Date ? max : row.Date;
            accepted.Add(reader.Line, row, orderKey);
        }

        return outcome;
    }

    private static void CheckEncoding(CsvRecordReader reader)
    {
        var start = reader.Peek(3);
        if (start.Length >= 2 && ((start[0] == 0xFF && start[1] == 0xFE) || (start[0] == 0xFE && start[1] == 0xFF)))
        {
            throw new PurchaseFileRefusedException("the file is UTF-16, not UTF-8: save it as 'CSV UTF-8'");
        }

        if (start.StartsWith("\uFEFF"u8))
        {
            reader.Skip(3); // a UTF-8 byte order mark is fine
        }
    }

    private static void CheckUtf8(CsvRecordReader reader)
    {
        var original = reader.Original;
        if (Utf8.IsValid(original))
        {
            return;
        }

        var chars = ArrayPool<char>.Shared.Rent(original.Length);
        try
        {
            Utf8.ToUtf16(original, chars, out var validBytes, out _, replaceInvalidSequences: false);
            var column = Encoding.UTF8.GetCharCount(original[..validBytes]) + 1;
            throw new PurchaseFileRefusedException(
                $"the file is not UTF-8: line {reader.Line}, character {column} has the byte 0x{original[validBytes]:X2} " +
                "(Latin-1 or Windows-1252?): save it as 'CSV UTF-8'");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static void WriteReject(Stream rejects, CsvRecordReader reader, RowRejection rejection, Span<byte> number)
    {
        Utf8Formatter.TryFormat(reader.Line, number, out var length);
        rejects.Write(number[..length]);
        rejects.WriteByte((byte)',');
        CsvText.Write(rejects, rejection.Column ?? string.Empty);
        rejects.WriteByte((byte)',');
        CsvText.Write(rejects, rejection.Rule);
        rejects.WriteByte((byte)',');
        CsvText.Write(rejects, rejection.Message);
        rejects.WriteByte((byte)',');
        CsvText.Write(rejects, reader.Original);
        rejects.WriteByte((byte)'\n');
    }

    /// <summary>The 128-bit key under which an order id is remembered (collisions: ~1e-26 at this scale).</summary>
    public static UInt128 OrderKey(ReadOnlySpan<byte> orderId) => XxHash128.HashToUInt128(orderId);
}
