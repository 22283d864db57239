using System.Globalization;
using System.Text.RegularExpressions;
using InactiveCustomers.DataLake;

namespace InactiveCustomers.Segmentation.Rules;

/// <summary>
/// The rules' SQL (<c>customer-segments.sql</c>) for a reference date, with the configured thresholds filled in as
/// literals. It reads a relation named <c>purchases</c> with the curated columns; the same text runs on DuckDB and
/// on Athena.
/// </summary>
public static partial class CustomerSegmentsSql
{
    private static readonly Lazy<string> Template = new(() =>
        EmbeddedSql.Read(typeof(CustomerSegmentsSql).Assembly, "InactiveCustomers.Segmentation.Rules.customer-segments.sql"));

    public static string For(DateOnly referenceDate, SegmentationRules rules)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reference_date"] = $"DATE '{referenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'",
            ["rule_set_version"] = rules.Version,
            ["min_purchase_days_for_median"] = Number(rules.MinPurchaseDaysForMedian),
            ["median_multiplier"] = Number(rules.MedianMultiplier),
            ["min_limit_days"] = Number(rules.MinLimitDays),
            ["max_limit_days"] = Number(rules.MaxLimitDays),
            ["default_limit_days"] = Number(rules.DefaultLimitDays),
            ["high_season_months"] = string.Join(", ", rules.HighSeasonMonths.Select(Number)),
            ["high_value_percentile"] = Number(rules.HighValuePercentile),
            ["seasonal_min_years"] = Number(rules.SeasonalMinYears),
            ["seasonal_min_share"] = Number(rules.SeasonalMinShare),
            ["frequent_min_purchases"] = Number(rules.FrequentMinPurchases),
            ["gold_min_score"] = Number(rules.GoldMinScore),
            ["silver_min_score"] = Number(rules.SilverMinScore),
        };
        return Placeholder().Replace(Template.Value, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"customer-segments.sql uses {{{{{match.Groups[1].Value}}}}}, which has no value"));
    }

    // Decimals keep their digits exactly ("0.8" stays a DECIMAL literal, never a float).
    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{\{([a-z_]+)\}\}")]
    private static partial Regex Placeholder();
}
