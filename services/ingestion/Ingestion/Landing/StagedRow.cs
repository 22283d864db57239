using System.Buffers.Binary;
using System.Buffers;
using InactiveCustomers.Ingestion.Validation;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>
/// How an accepted order is kept between validation and the Parquet writer: a compact binary record — source_line,
/// date (days since 1970), time (microseconds, -1 when absent), gmv cents, tickets, then each of the eight text columns
/// as a tag byte and its value: <see cref="Absent"/>; <see cref="Hex"/>, a 64-character lowercase hex id kept as its
/// 32 bytes (the export's ids and places are all such hashes: half the bytes to stage, write and read back);
/// or <see cref="Text"/>, any other text as its length and UTF-8 bytes.
/// </summary>
internal static class StagedRow
{
    /// <summary>nk_ota_localizer_id, fk_contact, the four places and the two companies, in file order.</summary>
    public const int TextColumns = 8;

    public const byte Absent = 0, Hex = 1, Text = 2;

    /// <summary>Characters of a hex id (SHA-256 in lowercase hex).</summary>
    public const int HexIdLength = 64;

    private const int FixedBytes = 8 + 4 + 8 + 8 + 4;

    private static readonly long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;
    private static readonly SearchValues<byte> LowercaseHexDigits = SearchValues.Create("0123456789abcdef"u8);

    /// <summary>The most bytes the record of <paramref name="row"/> can take (<see cref="Write"/> says how many it did).</summary>
    public static int MaxSize(in PurchaseRow row) => FixedBytes + (TextColumns * 5)
        + row.OrderId.Length + row.CustomerId.Length + row.OriginDeparture.Length + row.DestinationDeparture.Length
        + row.OriginReturn.Length + row.DestinationReturn.Length + row.DepartureCompany.Length + row.ReturnCompany.Length;

    /// <summary>
    /// Writes the record of <paramref name="row"/> and returns its length; <paramref name="destination"/> holds at
    /// least <see cref="MaxSize"/> bytes.
    /// </summary>
    public static int Write(Span<byte> destination, long line, in PurchaseRow row)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, line);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], row.Date.DayNumber - UnixEpochDay);
        BinaryPrimitives.WriteInt64LittleEndian(destination[12..], row.Time.IsEmpty ? -1 : Microseconds(row.Time));
        BinaryPrimitives.WriteInt64LittleEndian(destination[20..], row.GmvCents);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], row.Tickets);
        var at = FixedBytes;
        at = WriteText(destination, at, row.OrderId);
        at = WriteText(destination, at, row.CustomerId);
        at = WriteText(destination, at, row.OriginDeparture);
        at = WriteText(destination, at, row.DestinationDeparture);
        at = WriteText(destination, at, row.OriginReturn);
        at = WriteText(destination, at, row.DestinationReturn);
        at = WriteText(destination, at, row.DepartureCompany);
        return WriteText(destination, at, row.ReturnCompany);
    }

    /// <summary>The length of the complete record at the start of <paramref name="data"/>, or 0 when it is cut short.</summary>
    public static int Length(ReadOnlySpan<byte> data)
    {
        var at = FixedBytes;
        for (var column = 0; column < TextColumns; column++)
        {
            if (data.Length <= at)
            {
                return 0;
            }

            switch (data[at])
            {
                case Absent:
                    at++;
                    break;
                case Hex:
                    at += 1 + (HexIdLength / 2);
                    break;
                default:
                    if (data.Length < at + 5)
                    {
                        return 0;
                    }

                    at += 5 + BinaryPrimitives.ReadInt32LittleEndian(data[(at + 1)..]);
                    break;
            }
        }

        return data.Length < at ? 0 : at;
    }

    public static long Line(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record);

    public static int Date(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record[8..]);

    public static long Time(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[12..]);

    public static long GmvCents(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[20..]);

    public static int Tickets(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record[28..]);

    /// <summary>Offset of the first text column's tag in a record.</summary>
    public static int TextStart => FixedBytes;

    private static int WriteText(Span<byte> destination, int at, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            destination[at] = Absent;
            return at + 1;
        }

        if (value.Length == HexIdLength && !value.ContainsAnyExcept(LowercaseHexDigits))
        {
            destination[at] = Hex;
            Convert.FromHexString(value, destination.Slice(at + 1, HexIdLength / 2), out _, out _);
            return at + 1 + (HexIdLength / 2);
        }

        destination[at] = Text;
        BinaryPrimitives.WriteInt32LittleEndian(destination[(at + 1)..], value.Length);
        value.CopyTo(destination[(at + 5)..]);
        return at + 5 + value.Length;
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
