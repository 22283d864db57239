using System.Security.Cryptography;
using System.Text;

namespace InactiveCustomers.Segmentation.Lifecycle;

/// <summary>
/// Ids derived from what they name, so the same run, customer stream or transition always gets the same id: a
/// re-run, a retry or a crash-and-rerun finds what the first attempt stored instead of making a second one.
/// </summary>
public static class StableIds
{
    /// <summary>A version-8 (name-based, SHA-256) UUID of <paramref name="name"/>.</summary>
    public static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The stream of a customer's inactivity episodes in lifecycle generation <paramref name="generation"/>.</summary>
    public static string CustomerStream(int generation, string customerId) => $"customer-g{generation}:{customerId}";

    /// <summary>The stream key prefix shared by every customer stream of a generation.</summary>
    public static string CustomerStreamPrefix(int generation) => $"customer-g{generation}:";

    public static string RunStream(Guid runId) => $"run:{runId}";

    /// <summary>The episode key of SEGMENTATION_RULES.md: customer, ':', last purchase at the start (ISO).</summary>
    public static string EpisodeKey(string customerId, DateOnly lastPurchase) => $"{customerId}:{lastPurchase:yyyy-MM-dd}";

    public static Guid BecameInactiveEvent(int generation, string episodeKey) => From(Generation(generation) + "became-inactive:" + episodeKey);

    public static Guid ReactivatedEvent(int generation, string episodeKey) => From(Generation(generation) + "reactivated:" + episodeKey);

    // Generation 0 (no rebuild yet) names transitions by the episode alone; a rebuild's events get ids of their own,
    // since the first generation's stay in the store.
    private static string Generation(int generation) => generation == 0 ? string.Empty : $"g{generation}:";
}
