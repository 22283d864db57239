using System.Globalization;
using InactiveCustomers.ServiceDefaults;

namespace InactiveCustomers.Segmentation.Rules;

/// <summary>
/// The configurable numbers of SEGMENTATION_RULES.md (the bold ones), with its defaults. Read from the
/// <c>Segmentation:Rules</c> section; a wrong value is refused at start-up with the setting's name.
/// </summary>
public sealed record SegmentationRules
{
    public const string Section = "Segmentation:Rules";

    /// <summary>Travels with every output row and event.</summary>
    public string Version { get; init; } = "v1";

    /// <summary>The personal limit needs at least this many distinct purchase dates.</summary>
    public int MinPurchaseDaysForMedian { get; init; } = 3;

    /// <summary>Personal limit = multiplier × median gap, rounded up (a whole number).</summary>
    public int MedianMultiplier { get; init; } = 3;

    public int MinLimitDays { get; init; } = 90;

    public int MaxLimitDays { get; init; } = 730;

    /// <summary>The limit when there is no personal one.</summary>
    public int DefaultLimitDays { get; init; } = 365;

    public IReadOnlyList<int> HighSeasonMonths { get; init; } = [1, 7, 12];

    /// <summary>percentil_valor at or above this is Alto Valor.</summary>
    public decimal HighValuePercentile { get; init; } = 0.8m;

    public int SeasonalMinYears { get; init; } = 2;

    public decimal SeasonalMinShare { get; init; } = 0.6m;

    public int FrequentMinPurchases { get; init; } = 6;

    public int GoldMinScore { get; init; } = 11;

    public int SilverMinScore { get; init; } = 7;

    /// <summary>Reads <see cref="Section"/>; anything not set keeps its default.</summary>
    public static SegmentationRules Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new SegmentationRules();
        var rules = new SegmentationRules
        {
            Version = Text(section, nameof(Version), defaults.Version),
            MinPurchaseDaysForMedian = Whole(section, nameof(MinPurchaseDaysForMedian), defaults.MinPurchaseDaysForMedian, minimum: 3),
            MedianMultiplier = Whole(section, nameof(MedianMultiplier), defaults.MedianMultiplier, minimum: 1),
            MinLimitDays = Whole(section, nameof(MinLimitDays), defaults.MinLimitDays, minimum: 1),
            MaxLimitDays = Whole(section, nameof(MaxLimitDays), defaults.MaxLimitDays, minimum: 1),
            DefaultLimitDays = Whole(section, nameof(DefaultLimitDays), defaults.DefaultLimitDays, minimum: 1),
            HighSeasonMonths = Months(section, nameof(HighSeasonMonths), defaults.HighSeasonMonths),
            HighValuePercentile = Fraction(section, nameof(HighValuePercentile), defaults.HighValuePercentile),
            SeasonalMinYears = Whole(section, nameof(SeasonalMinYears), defaults.SeasonalMinYears, minimum: 1),
            SeasonalMinShare = Fraction(section, nameof(SeasonalMinShare), defaults.SeasonalMinShare),
            FrequentMinPurchases = Whole(section, nameof(FrequentMinPurchases), defaults.FrequentMinPurchases, minimum: 3),
            GoldMinScore = Whole(section, nameof(GoldMinScore), defaults.GoldMinScore, minimum: 3),
            SilverMinScore = Whole(section, nameof(SilverMinScore), defaults.SilverMinScore, minimum: 3),
        };
        if (rules.MinLimitDays > rules.MaxLimitDays)
        {
            throw new SettingException($"{Section}:{nameof(MinLimitDays)}", $"is {rules.MinLimitDays}, more than {Section}:{nameof(MaxLimitDays)} ({rules.MaxLimitDays})");
        }

        if (rules.SilverMinScore > rules.GoldMinScore)
        {
            throw new SettingException($"{Section}:{nameof(SilverMinScore)}", $"is {rules.SilverMinScore}, more than {Section}:{nameof(GoldMinScore)} ({rules.GoldMinScore})");
        }

        return rules;
    }

    private static string Text(IConfigurationSection section, string name, string defaultValue)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        // It goes into SQL as a literal and into every row: keep it a plain name.
        return text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && text.Length <= 32
            ? text
            : throw new SettingException($"{Section}:{name}", $"is '{text}': use up to 32 letters, digits, '.', '-' or '_'");
    }

    private static int Whole(IConfigurationSection section, string name, int defaultValue, int minimum)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= 100_000
            ? value
            : throw new SettingException($"{Section}:{name}", $"is '{text}', which is not a whole number from {minimum} to 100000");
    }

    private static decimal Fraction(IConfigurationSection section, string name, decimal defaultValue)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 1 && value.Scale <= 6
            ? value
            : throw new SettingException($"{Section}:{name}", $"is '{text}', which is not a fraction above 0 and at most 1 with up to 6 decimals, such as 0.8");
    }

    private static IReadOnlyList<int> Months(IConfigurationSection section, string name, IReadOnlyList<int> defaultValue)
    {
        var text = section[name];
        var children = section.GetSection(name).GetChildren().Select(child => child.Value).ToList();
        if (string.IsNullOrWhiteSpace(text) && children.Count == 0)
        {
            return defaultValue;
        }

        var items = children.Count > 0 ? children : text!.Split(',').Select(item => (string?)item).ToList();
        var months = new List<int>();
        foreach (var item in items)
        {
            if (!int.TryParse(item?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
            {
                throw new SettingException($"{Section}:{name}", $"has '{item}', which is not a month from 1 to 12 (write them as 1,7,12)");
            }

            months.Add(month);
        }

        return months.Distinct().Order().ToList();
    }
}
