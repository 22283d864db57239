using System.Buffers;

namespace InactiveCustomers.Ingestion.Validation;

/// <summary>Writes RFC 4180 CSV values as UTF-8 bytes, quoting only what needs it.</summary>
internal static class CsvText
{
    private static readonly SearchValues<byte> NeedsQuotes = SearchValues.Create(",\"\r\n"u8);

    /// <summary>The most bytes <see cref="Write(Span{byte}, ReadOnlySpan{byte})"/> can take for a value.</summary>
    public static int MaxLength(int valueLength) => (2 * valueLength) + 2;

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> long); returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        if (!value.ContainsAny(NeedsQuotes))
        {
            value.CopyTo(destination);
            return value.Length;
        }

        var at = 0;
        destination[at++] = (byte)'"';
        foreach (var b in value)
        {
            if (b == '"')
            {
                destination[at++] = (byte)'"';
            }

            destination[at++] = b;
        }

        destination[at++] = (byte)'"';
        return at;
    }

    public static void Write(Stream output, ReadOnlySpan<byte> value)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxLength(value.Length));
        try
        {
            output.Write(buffer, 0, Write(buffer, value));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void Write(Stream output, string value) => Write(output, System.Text.Encoding.UTF8.GetBytes(value));
}
