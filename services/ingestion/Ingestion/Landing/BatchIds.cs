using System.Security.Cryptography;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>A batch is named by its bytes: the same file always maps to the same batch id, however it arrives.</summary>
internal static class BatchIds
{
    public static Guid FromSha256(string sha256)
    {
        var bytes = Convert.FromHexString(sha256.AsSpan(0, 32));
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // RFC 9562 version 8: custom, name-derived
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    public static string Sha256Of(Stream content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
