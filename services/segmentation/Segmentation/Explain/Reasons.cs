using System.Globalization;
using InactiveCustomers.Contracts;
using InactiveCustomers.Segmentation.Rules;

namespace InactiveCustomers.Segmentation.Explain;

/// <summary>
/// Why a customer has the segment they have, in Portuguese, one sentence per decision of SEGMENTATION_RULES.md:
/// status (recency against the limit and where the limit came from), value band, traveller segment, potential.
/// Every event and every exported row carries these, so marketing can read a decision without the rules at hand.
/// </summary>
public static class Reasons
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> For(CustomerSegment customer, SegmentationRules rules) =>
    [
        Status(customer, rules),
        Value(customer, rules),
        Segment(customer, rules),
        Potential(customer, rules),
    ];

    /// <summary>The reasons of a reactivation: the purchase that ended the episode, then the customer's reasons now.</summary>
    public static IReadOnlyList<string> ForReactivation(CustomerSegment customer, DateOnly reactivatedOn, int daysInactive, SegmentationRules rules) =>
        [$"nova compra em {reactivatedOn:yyyy-MM-dd} após {daysInactive} {Days(daysInactive)} inativo", .. For(customer, rules)];

    /// <summary>
    /// e.g. <c>recência de 420 dias &gt; limite de 365 dias (padrão)</c>,
    /// <c>recência de 200 dias &gt; 3 × intervalo mediano de 45 dias = 135 dias</c>,
    /// <c>recência de 30 dias ≤ limite mínimo de 90 dias (3 × intervalo mediano de 12 dias = 36 dias)</c>.
    /// </summary>
    public static string Status(CustomerSegment customer, SegmentationRules rules)
    {
        var comparison = customer.RecencyDays > customer.InactivityLimitDays ? ">" : "≤";
        var recency = $"recência de {customer.RecencyDays} {Days(customer.RecencyDays)} {comparison}";
        if (customer.MedianIntervalDays is not { } median)
        {
            return $"{recency} limite de {customer.InactivityLimitDays} dias (padrão)";
        }

        var product = rules.MedianMultiplier * median;
        var personal = $"{rules.MedianMultiplier} × intervalo mediano de {Number(median)} {Days(median)} = {Number(product)}";
        var rounded = (int)Math.Ceiling(product);
        if (rounded < rules.MinLimitDays)
        {
            return $"{recency} limite mínimo de {customer.InactivityLimitDays} dias ({personal} {Days(product)})";
        }

        if (rounded > rules.MaxLimitDays)
        {
            return $"{recency} limite máximo de {customer.InactivityLimitDays} dias ({personal} {Days(product)})";
        }

        return product == rounded
            ? $"{recency} {personal} {Days(product)}"
            : $"{recency} {personal}, arredondado para {customer.InactivityLimitDays} dias";
    }

    public static string Value(CustomerSegment customer, SegmentationRules rules) =>
        $"valor total de {Money(customer.TotalSpent)} no percentil {Number(customer.ValuePercentile)} de valor: {customer.ValueBand} (Alto Valor a partir de {Number(rules.HighValuePercentile)})";

    public static string Segment(CustomerSegment customer, SegmentationRules rules) => customer.TravellerSegment switch
    {
        "Viajante de Alto Valor" => "Viajante de Alto Valor: faixa Alto Valor",
        "Viajante Sazonal" =>
            $"Viajante Sazonal: compras em {customer.PurchaseYears} anos, {Number(Math.Round(customer.HighSeasonShare * 100, 1))}% delas na alta temporada (meses {Months(rules.HighSeasonMonths)})",
        "Viajante Frequente" => $"Viajante Frequente: {customer.Frequency} compras ({rules.FrequentMinPurchases} ou mais)",
        "Viajante Ocasional" => $"Viajante Ocasional: {customer.Frequency} compras (de 2 a {rules.FrequentMinPurchases - 1})",
        _ => "Viajante de Compra Única: 1 compra",
    };

    public static string Potential(CustomerSegment customer, SegmentationRules rules) =>
        $"potencial {customer.Potential}: pontuação RFM {customer.RfmScore} = R {customer.RecencyScore} + F {customer.FrequencyScore} + M {customer.MonetaryScore} (Ouro a partir de {rules.GoldMinScore}, Prata a partir de {rules.SilverMinScore})";

    /// <summary>Brazilian style: decimal comma, no trailing zeros (45, 45,5, 0,912345).</summary>
    public static string Number(decimal value) => value.ToString("0.######", Invariant).Replace('.', ',');

    /// <summary>BRL as Brazilians write it: R$ 1.234,56.</summary>
    public static string Money(decimal value) =>
        "R$ " + value.ToString("#,##0.00", Invariant).Replace(',', '_').Replace('.', ',').Replace('_', '.');

    private static string Days(decimal value) => value == 1 ? "dia" : "dias";

    private static string Months(IReadOnlyList<int> months) => months.Count switch
    {
        0 => string.Empty,
        1 => months[0].ToString(Invariant),
        _ => string.Join(", ", months.Take(months.Count - 1).Select(m => m.ToString(Invariant))) + " e " + months[^1].ToString(Invariant),
    };
}
