using System.Buffers.Binary;
using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>
/// How an accepted order is kept between validation and the Parquet writer: a compact binary record — source_line,
/// date (days since 1970), time (microseconds, -1 when absent), gmv cents, tickets, then each of the eight text columns
/// as its length and UTF-8 bytes (length 0: absent).
/// </summary>
internal static class StagedRow
{
    /// <summary>nk_ota_localizer_id, fk_contact, the four places and the two companies, in file order.</summary>
    public const int TextColumns = 8;

    private const int FixedBytes = 8 + 4 + 8 + 8 + 4;

    private static readonly long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public static int Size(in PurchaseRow row) => FixedBytes + (TextColumns * 4)
        + row.OrderId.Length + row.CustomerId.Length + row.OriginDeparture.Length + row.DestinationDeparture.Length
        + row.OriginReturn.Length + row.DestinationReturn.Length + row.DepartureCompany.Length + row.ReturnCompany.Length;

    /// <summary>Writes the record of <paramref name="row"/>; <paramref name="destination"/> holds at least <see cref="Size"/> bytes.</summary>
    public static void Write(Span<byte> destination, long line, in PurchaseRow row)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, line);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], row.Date.DayNumber - UnixEpochDay);
        BinaryPrimitives.WriteInt64LittleEndian(destination[12..], row.Time.IsEmpty ? -1 : Microseconds(row.Time));
        BinaryPrimitives.WriteInt64LittleEndian(destination[20..], row.GmvCents);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], row.Tickets);
        var at = FixedBytes;
        at = Text(destination, at, row.OrderId);
        at = Text(destination, at, row.CustomerId);
        at = Text(destination, at, row.OriginDeparture);
        at = Text(destination, at, row.DestinationDeparture);
        at = Text(destination, at, row.OriginReturn);
        at = Text(destination, at, row.DestinationReturn);
        at = Text(destination, at, row.DepartureCompany);
        Text(destination, at, row.ReturnCompany);
    }

    /// <summary>The length of the complete record at the start of <paramref name="data"/>, or 0 when it is cut short.</summary>
    public static int Length(ReadOnlySpan<byte> data)
    {
        var at = FixedBytes;
        for (var column = 0; column < TextColumns; column++)
        {
            if (data.Length < at + 4)
            {
                return 0;
            }

            at += 4 + BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
        }

        return data.Length < at ? 0 : at;
    }

    public static long Line(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record);

    public static int Date(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record[8..]);

    public static long Time(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[12..]);

    public static long GmvCents(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[20..]);

    public static int Tickets(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record[28..]);

    /// <summary>Offset of the first text column's length in a record.</summary>
    public static int TextStart => FixedBytes;

    private static int Text(Span<byte> destination, int at, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination[at..], value.Length);
        value.CopyTo(destination[(at + 4)..]);
        return at + 4 + value.Length;
    }

    // HH:MM:SS, already validated.
    private static long Microseconds(ReadOnlySpan<byte> time)
    {
        var seconds = ((((time[0] - '0') * 10) + (time[1] - '0')) * 3600)
            + ((((time[3] - '0') * 10) + (time[4] - '0')) * 60)
            + ((time[6] - '0') * 10) + (time[7] - '0');
        return seconds * TimeSpan.TicksPerSecond / TicksPerMicrosecond;
    }
}
