using System.Buffers.Text;

namespace InactiveCustomers.DataGenerator;

/// <summary>
/// Writes a planned order as a line of the real export, byte for byte in its format: 64-hex ids, the 0 / 1
/// sentinels for a missing return leg, and gmv_success as the export prints it (2 decimals, 1 when the last is a
/// zero — 154.2 — <c>X.0</c> for whole values, and now and then float noise such as 49.91777).
/// </summary>
internal sealed class OrderLineFormatter(IReadOnlyList<short> placeIds, IReadOnlyList<short> companyIds, DateOnly firstDay, int days)
{
    /// <summary>Longest line a planned order can give (12 fields, no line end).</summary>
    public const int MaxLineLength = 1024;

    private readonly byte[][] _placeHex = placeIds.Select(id => HexIds.Of((ulong)id)).ToArray();
    private readonly byte[][] _companyHex = companyIds.Select(id => HexIds.Of((ulong)id)).ToArray();
    private readonly byte[][] _dates = Enumerable.Range(0, days)
        .Select(day => System.Text.Encoding.ASCII.GetBytes(firstDay.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
        .ToArray();

    /// <summary>Formats <paramref name="order"/> into <paramref name="line"/>; returns the bytes written.</summary>
    public int Format(in SyntheticOrder order, Span<byte> line)
    {
        var at = 0;
        HexIds.Write(order.OrderNumber, line[at..]);
        at += HexIds.Length;
        line[at++] = (byte)',';
        HexIds.Write((ulong)order.CustomerNumber, line[at..]);
        at += HexIds.Length;
        line[at++] = (byte)',';
        at += Copy(_dates[order.Day], line[at..]);
        line[at++] = (byte)',';
        at += FormatTime(order.SecondOfDay, line[at..]);
        line[at++] = (byte)',';
        at += Copy(_placeHex[order.Origin], line[at..]);
        line[at++] = (byte)',';
        at += Copy(_placeHex[order.Destination], line[at..]);
        line[at++] = (byte)',';
        if (order.RoundTrip)
        {
            at += Copy(_placeHex[order.Destination], line[at..]);
            line[at++] = (byte)',';
            at += Copy(_placeHex[order.Origin], line[at..]);
        }
        else
        {
            line[at++] = (byte)'0';
            line[at++] = (byte)',';
            line[at++] = (byte)'0';
        }

        line[at++] = (byte)',';
        at += Copy(_companyHex[order.Company], line[at..]);
        line[at++] = (byte)',';
        if (order.ReturnCompany == SyntheticOrder.NoCompany)
        {
            line[at++] = (byte)'1';
        }
        else
        {
            at += Copy(_companyHex[order.ReturnCompany], line[at..]);
        }

        line[at++] = (byte)',';
        at += FormatGmv(order.GmvCents, order.GmvNoise, line[at..]);
        line[at++] = (byte)',';
        Utf8Formatter.TryFormat(order.Tickets, line[at..], out var written);
        return at + written;
    }

    private static int Copy(byte[] source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private static int FormatTime(int secondOfDay, Span<byte> destination)
    {
        TwoDigits(secondOfDay / 3600, destination);
        destination[2] = (byte)':';
        TwoDigits(secondOfDay / 60 % 60, destination[3..]);
        destination[5] = (byte)':';
        TwoDigits(secondOfDay % 60, destination[6..]);
        return 8;
    }

    private static void TwoDigits(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
    }

    private static int FormatGmv(long cents, short noise, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(cents / 100, destination, out var at);
        destination[at++] = (byte)'.';
        var fraction = (int)(cents % 100);
        if (noise != SyntheticOrder.NoNoise)
        {
            // Float noise below half a cent, so it still rounds (half away from zero) to the planned cents: 49.91 → 49.91777.
            TwoDigits(fraction, destination[at..]);
            at += 2;
            var rest = 1 + (noise % 499);
            Span<byte> digits = [(byte)('0' + (rest / 100)), (byte)('0' + (rest / 10 % 10)), (byte)('0' + (rest % 10))];
            var length = digits[2] != '0' ? 3 : digits[1] != '0' ? 2 : 1;
            digits[..length].CopyTo(destination[at..]);
            return at + length;
        }

        if (fraction % 10 == 0)
        {
            destination[at++] = (byte)('0' + (fraction / 10));
            return at;
        }

        TwoDigits(fraction, destination[at..]);
        return at + 2;
    }
}
