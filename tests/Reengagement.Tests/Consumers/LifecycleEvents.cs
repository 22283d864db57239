using InactiveCustomers.Contracts;

namespace InactiveCustomers.Reengagement.Tests.Consumers;

/// <summary>Lifecycle events as segmentation's relay publishes them, for customer ids of the tests' choosing.</summary>
internal static class LifecycleEvents
{
    public static CustomerBecameInactive Inactive(string customer, string lastPurchase = "2023-01-10", decimal spent = 500m, string perfil = "Inativo de Alto Valor") => new()
    {
        CustomerId = customer,
        EpisodeKey = $"{customer}:{lastPurchase}",
        InactiveSince = DateOnly.Parse(lastPurchase, System.Globalization.CultureInfo.InvariantCulture).AddDays(366),
        RunId = Guid.NewGuid(),
        RuleSetVersion = "v1",
        Customer = Segment(customer, lastPurchase, spent, "Inativo", perfil),
        Reasons = ["recência de 420 dias > limite de 365 dias (padrão)", "valor total de R$ 500,00 no percentil 0,9 de valor: Alto Valor"],
    };

    public static CustomerReactivated Reactivated(string customer, string lastPurchase = "2023-01-10", string reactivatedOn = "2024-03-02") => new()
    {
        CustomerId = customer,
        EpisodeKey = $"{customer}:{lastPurchase}",
        InactiveSince = DateOnly.Parse(lastPurchase, System.Globalization.CultureInfo.InvariantCulture).AddDays(366),
        ReactivatedOn = DateOnly.Parse(reactivatedOn, System.Globalization.CultureInfo.InvariantCulture),
        DaysInactive = 30,
        RunId = Guid.NewGuid(),
        RuleSetVersion = "v1",
        Customer = Segment(customer, reactivatedOn, 600m, "Ativo", "Ativo de Alto Valor"),
        Reasons = [$"nova compra em {reactivatedOn}"],
    };

    private static CustomerSegment Segment(string customer, string lastPurchase, decimal spent, string status, string perfil) => new()
    {
        CustomerId = customer,
        ReferenceDate = new DateOnly(2024, 3, 1),
        FirstPurchase = new DateOnly(2020, 1, 1),
        LastPurchase = DateOnly.Parse(lastPurchase, System.Globalization.CultureInfo.InvariantCulture),
        Frequency = 3,
        PurchaseDays = 3,
        TotalSpent = spent,
        TotalTickets = 4,
        AverageTicket = Math.Round(spent / 3, 2),
        RecencyDays = 420,
        MedianIntervalDays = null,
        InactivityLimitDays = 365,
        LimitRule = "padrao",
        PurchaseYears = 2,
        HighSeasonShare = 0.333333m,
        Status = status,
        ValuePercentile = 0.9m,
        ValueBand = "Alto Valor",
        Profile = perfil,
        Seasonal = false,
        TravellerSegment = "Viajante de Alto Valor",
        RecencyScore = 2,
        FrequencyScore = 3,
        MonetaryScore = 5,
        RfmScore = 10,
        Potential = "Prata",
    };
}
