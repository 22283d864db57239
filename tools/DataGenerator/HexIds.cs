using System.Buffers.Text;
using System.Security.Cryptography;

namespace InactiveCustomers.DataGenerator;

/// <summary>Ids as the real export has them: lowercase hex SHA-256 of a decimal integer (SHA-256 of "1" is 6b86b273…).</summary>
internal static class HexIds
{
    public const int Length = 64;

    public static void Write(ulong value, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(digits[..length], hash);
        Convert.TryToHexStringLower(hash, destination, out _);
    }

    public static byte[] Of(ulong value)
    {
        var bytes = new byte[Length];
        Write(value, bytes);
        return bytes;
    }
}
