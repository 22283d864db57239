using System.Buffers;
using System.Buffers.Text;
using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Tests.Validation;

/// <summary>
/// What the validator hands on, as text the tests can read: source_line, the 11 text / date / time columns with
/// sentinels already empty, gmv_success as exact cents (123.45), tickets.
/// </summary>
internal static class StagingCsv
{
    public static void Write(IBufferWriter<byte> output, long line, in PurchaseRow row)
    {
        var worstCase = 96 + CsvText.MaxLength(row.OrderId.Length + row.CustomerId.Length + row.Time.Length + row.OriginDeparture.Length
            + row.DestinationDeparture.Length + row.OriginReturn.Length + row.DestinationReturn.Length
            + row.DepartureCompany.Length + row.ReturnCompany.Length + 9);
        var span = output.GetSpan(worstCase);
        Utf8Formatter.TryFormat(line, span, out var at);
        span[at++] = (byte)',';
        at += CsvText.Write(span[at..], row.OrderId);
        span[at++] = (byte)',';
        at += CsvText.Write(span[at..], row.CustomerId);
        span[at++] = (byte)',';
        at += Date(span[at..], row.Date);
        foreach (var field in new FieldList(row))
        {
            span[at++] = (byte)',';
            at += CsvText.Write(span[at..], field);
        }

        span[at++] = (byte)',';
        Utf8Formatter.TryFormat(row.GmvCents / 100, span[at..], out var written);
        at += written;
        span[at++] = (byte)'.';
        var cents = (int)(row.GmvCents % 100);
        span[at++] = (byte)('0' + (cents / 10));
        span[at++] = (byte)('0' + (cents % 10));
        span[at++] = (byte)',';
        Utf8Formatter.TryFormat(row.Tickets, span[at..], out written);
        at += written;
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    public static void Write(Stream output, long line, in PurchaseRow row)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, line, row);
        output.Write(buffer.WrittenSpan);
    }

    private static int Date(Span<byte> destination, DateOnly date)
    {
        var (year, month, day) = date;
        destination[0] = (byte)('0' + (year / 1000));
        destination[1] = (byte)('0' + (year / 100 % 10));
        destination[2] = (byte)('0' + (year / 10 % 10));
        destination[3] = (byte)('0' + (year % 10));
        destination[4] = (byte)'-';
        destination[5] = (byte)('0' + (month / 10));
        destination[6] = (byte)('0' + (month % 10));
        destination[7] = (byte)'-';
        destination[8] = (byte)('0' + (day / 10));
        destination[9] = (byte)('0' + (day % 10));
        return 10;
    }

    // The seven optional text columns between date_purchase and gmv_success, in staging order.
    private ref struct FieldList(in PurchaseRow row)
    {
        private readonly PurchaseRow _row = row;
        private int _index = -1;

        public readonly FieldList GetEnumerator() => this;

        public bool MoveNext() => ++_index < 7;

        public readonly ReadOnlySpan<byte> Current => _index switch
        {
            0 => _row.Time,
            1 => _row.OriginDeparture,
            2 => _row.DestinationDeparture,
            3 => _row.OriginReturn,
            4 => _row.DestinationReturn,
            5 => _row.DepartureCompany,
            _ => _row.ReturnCompany,
        };
    }
}
