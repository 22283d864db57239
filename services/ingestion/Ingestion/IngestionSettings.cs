using System.Globalization;
using InactiveCustomers.ServiceDefaults;

namespace InactiveCustomers.Ingestion;

/// <summary>The ingestion service's settings, read and checked once at start-up.</summary>
public sealed record IngestionSettings(string LakeRoot, long MaxUploadBytes, string? DropFolder, TimeSpan DropFolderPollInterval)
{
    public const long DefaultMaxUploadBytes = 2L << 30;

    public static IngestionSettings Read(IConfiguration configuration)
    {
        var lake = configuration["Lake:Root"];
        return new IngestionSettings(
            string.IsNullOrWhiteSpace(lake) ? ".data/lake" : lake,
            Positive(configuration, "Ingestion:MaxUploadBytes", DefaultMaxUploadBytes),
            string.IsNullOrWhiteSpace(configuration["Ingestion:DropFolder"]) ? null : configuration["Ingestion:DropFolder"],
            TimeSpan.FromSeconds(Positive(configuration, "Ingestion:DropFolderPollSeconds", 2)));
    }

    private static long Positive(IConfiguration configuration, string key, long defaultValue)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new SettingException(key, $"is '{text}', which is not a positive whole number");
    }
}
