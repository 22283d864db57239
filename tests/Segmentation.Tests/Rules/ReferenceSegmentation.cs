using System.Globalization;
using InactiveCustomers.Contracts;
using InactiveCustomers.Segmentation.Rules;

namespace InactiveCustomers.Segmentation.Tests.Rules;

/// <summary>
/// SEGMENTATION_RULES.md computed the plain way, in C#, from the raw CSV: an independent check of the SQL. Nothing
/// here is shared with the engine except the output record.
/// </summary>
internal static class ReferenceSegmentation
{
    private sealed record Order(string Customer, DateOnly Date, decimal Gmv, int Tickets);

    public static Dictionary<string, CustomerSegment> Compute(string csvFile, DateOnly d, SegmentationRules rules)
    {
        var orders = File.ReadLines(csvFile).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new Order(f[1], DateOnly.ParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture), Math.Round(decimal.Parse(f[10], CultureInfo.InvariantCulture), 2, MidpointRounding.AwayFromZero), int.Parse(f[11], CultureInfo.InvariantCulture)))
            .Where(o => o.Date <= d && o.Gmv > 0 && o.Tickets > 0)
            .ToList();
        var facts = orders.GroupBy(o => o.Customer).Select(g => Facts(g.Key, [.. g], d, rules)).ToList();

        // percent_rank: (rank - 1) / (n - 1), ties share the lowest rank
        var byValue = facts.Select(f => f.TotalSpent).Order().ToList();
        var n = facts.Count;
        return facts.Select(f =>
        {
            var below = LowerBound(byValue, f.TotalSpent);
            var (numerator, denominator) = n == 1 ? (0, 1) : (below, n - 1);
            return Classify(f, numerator, denominator, rules);
        }).ToDictionary(s => s.CustomerId);
    }

    private static CustomerSegment Facts(string customer, List<Order> orders, DateOnly d, SegmentationRules rules)
    {
        var dates = orders.Select(o => o.Date).Distinct().Order().ToList();
        decimal? median = null;
        if (dates.Count >= rules.MinPurchaseDaysForMedian)
        {
            var gaps = dates.Zip(dates.Skip(1), (a, b) => b.DayNumber - a.DayNumber).Order().ToList();
            median = gaps.Count % 2 == 1 ? gaps[gaps.Count / 2] : (gaps[(gaps.Count / 2) - 1] + gaps[gaps.Count / 2]) / 2m;
        }

        var limit = median is { } m ? Math.Min(rules.MaxLimitDays, Math.Max(rules.MinLimitDays, (int)Math.Ceiling(rules.MedianMultiplier * m))) : rules.DefaultLimitDays;
        var total = orders.Sum(o => o.Gmv);
        return new CustomerSegment
        {
            CustomerId = customer,
            ReferenceDate = d,
            FirstPurchase = dates[0],
            LastPurchase = dates[^1],
            Frequency = orders.Count,
            PurchaseDays = dates.Count,
            TotalSpent = total,
            TotalTickets = orders.Sum(o => o.Tickets),
            AverageTicket = Math.Round(total / orders.Count, 2, MidpointRounding.AwayFromZero),
            RecencyDays = d.DayNumber - dates[^1].DayNumber,
            MedianIntervalDays = median,
            InactivityLimitDays = limit,
            LimitRule = median is null ? "padrao" : "intervalo_pessoal",
            PurchaseYears = orders.Select(o => o.Date.Year).Distinct().Count(),
            HighSeasonShare = Floor6(orders.Count(o => rules.HighSeasonMonths.Contains(o.Date.Month)), orders.Count),
            Status = "", ValuePercentile = 0, ValueBand = "", Profile = "", Seasonal = false, TravellerSegment = "",
            RecencyScore = 0, FrequencyScore = 0, MonetaryScore = 0, RfmScore = 0, Potential = "",
        };
    }

    private static CustomerSegment Classify(CustomerSegment f, int rankNumerator, int rankDenominator, SegmentationRules rules)
    {
        var status = f.RecencyDays > f.InactivityLimitDays ? "Inativo" : "Ativo";
        var band = rankNumerator >= rules.HighValuePercentile * rankDenominator ? "Alto Valor" : "Baixo Valor";
        var seasonal = f.PurchaseYears >= rules.SeasonalMinYears && SeasonalShareHolds(f, rules);
        var ratio = (decimal)f.RecencyDays / f.InactivityLimitDays;
        var r = ratio <= 0.25m ? 5 : ratio <= 0.5m ? 4 : ratio <= 1m ? 3 : ratio <= 2m ? 2 : 1;
        var fScore = f.Frequency switch { 1 => 1, 2 => 2, <= 4 => 3, <= 9 => 4, _ => 5 };
        var mScore = 5 * rankNumerator < rankDenominator ? 1 : 5 * rankNumerator < 2 * rankDenominator ? 2
            : 5 * rankNumerator < 3 * rankDenominator ? 3 : 5 * rankNumerator < 4 * rankDenominator ? 4 : 5;
        var rfm = r + fScore + mScore;
        return f with
        {
            Status = status,
            ValuePercentile = Floor6(rankNumerator, rankDenominator),
            ValueBand = band,
            Profile = $"{status} de {band}",
            Seasonal = seasonal,
            TravellerSegment = band == "Alto Valor" ? "Viajante de Alto Valor"
                : seasonal ? "Viajante Sazonal"
                : f.Frequency >= rules.FrequentMinPurchases ? "Viajante Frequente"
                : f.Frequency >= 2 ? "Viajante Ocasional"
                : "Viajante de Compra Única",
            RecencyScore = r,
            FrequencyScore = fScore,
            MonetaryScore = mScore,
            RfmScore = rfm,
            Potential = rfm >= rules.GoldMinScore ? "Ouro" : rfm >= rules.SilverMinScore ? "Prata" : "Bronze",
        };
    }

    // share_alta_temporada ≥ threshold, from the shown 6-place value (rounded down, so it agrees with the exact one
    // for thresholds of up to 6 places)
    private static bool SeasonalShareHolds(CustomerSegment f, SegmentationRules rules) => f.HighSeasonShare >= rules.SeasonalMinShare;

    private static decimal Floor6(long numerator, long denominator) => Math.Floor(numerator * 1_000_000m / denominator) / 1_000_000m;

    private static int LowerBound(List<decimal> sorted, decimal value)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
