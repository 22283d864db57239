using System.Globalization;
using Cronos;
using InactiveCustomers.ServiceDefaults;

namespace InactiveCustomers.Segmentation;

/// <summary>The segmentation service's settings, read and checked once at start-up.</summary>
public sealed record SegmentationSettings(string LakeRoot, TimeSpan CoalesceDelay, CronExpression? Schedule, TimeZoneInfo ScheduleTimeZone)
{
    public static SegmentationSettings Read(IConfiguration configuration)
    {
        var lake = configuration["Lake:Root"];
        return new SegmentationSettings(
            string.IsNullOrWhiteSpace(lake) ? ".data/lake" : lake,
            TimeSpan.FromSeconds(Seconds(configuration, "Segmentation:CoalesceSeconds", 5)),
            Cron(configuration, "Segmentation:Schedule"),
            TimeZone(configuration, "Segmentation:ScheduleTimeZone"));
    }

    private static double Seconds(IConfiguration configuration, string key, double defaultValue)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 3600
            ? value
            : throw new SettingException(key, $"is '{text}', which is not a number of seconds from 0 to 3600");
    }

    private static CronExpression? Cron(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return CronExpression.Parse(text.Trim());
        }
        catch (CronFormatException e)
        {
            throw new SettingException(key, $"is '{text}', which is not a cron expression (minute hour day month weekday, e.g. '0 6 * * *' for 06:00 every day): {e.Message}");
        }
    }

    private static TimeZoneInfo TimeZone(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(text.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new SettingException(key, $"is '{text}', which is not a time zone this machine knows (e.g. 'America/Sao_Paulo' or 'UTC')");
        }
    }
}
