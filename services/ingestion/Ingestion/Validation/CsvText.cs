namespace InactiveCustomers.Ingestion.Validation;

/// <summary>Writes RFC 4180 CSV values as UTF-8 bytes, quoting only what needs it.</summary>
internal static class CsvText
{
    private static readonly System.Buffers.SearchValues<byte> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n"u8);

    public static void Write(Stream output, ReadOnlySpan<byte> value)
    {
        if (!value.ContainsAny(NeedsQuotes))
        {
            output.Write(value);
            return;
        }

        output.WriteByte((byte)'"');
        foreach (var b in value)
        {
            if (b == '"')
            {
                output.WriteByte((byte)'"');
            }

            output.WriteByte(b);
        }

        output.WriteByte((byte)'"');
    }

    public static void Write(Stream output, string value) => Write(output, System.Text.Encoding.UTF8.GetBytes(value));
}
