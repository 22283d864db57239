namespace InactiveCustomers.Contracts.Tests;

/// <summary>One fully populated instance of each event, the input of the JSON shape snapshots.</summary>
internal static class SampleEvents
{
    private const string Customer = "a7218ff4ee7d37d48d2b4391b955627cb089870b934912e039288d3a28c3f210";
    private static readonly Guid RunId = Guid.Parse("0e4f7a52-3c1d-4d51-9a8e-6a0f2b7c9d10");

    public static CustomerSegment Segment { get; } = new()
    {
        CustomerId = Customer,
        ReferenceDate = new DateOnly(2024, 4, 1),
        FirstPurchase = new DateOnly(2022, 1, 14),
        LastPurchase = new DateOnly(2022, 12, 18),
        Frequency = 4,
        PurchaseDays = 4,
        TotalSpent = 612.40m,
        TotalTickets = 5,
        AverageTicket = 153.10m,
        RecencyDays = 470,
        MedianIntervalDays = 100m,
        InactivityLimitDays = 300,
        LimitRule = "intervalo_pessoal",
        PurchaseYears = 1,
        HighSeasonShare = 0.5m,
        Status = "Inativo",
        ValuePercentile = 0.8125m,
        ValueBand = "Alto Valor",
        Profile = "Inativo de Alto Valor",
        Seasonal = false,
        TravellerSegment = "Viajante de Alto Valor",
        RecencyScore = 3,
        FrequencyScore = 3,
        MonetaryScore = 5,
        RfmScore = 11,
        Potential = "Ouro",
    };

    public static PurchasesIngested PurchasesIngested { get; } = new()
    {
        BatchId = Guid.Parse("5b0c2f4e-8f5d-4c7e-b1a2-3d4e5f607182"),
        FileName = "df_t.csv",
        Sha256 = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea",
        RowsRead = 1_741_344,
        RowsAccepted = 1_741_000,
        RowsRejected = 300,
        DuplicatesDropped = 44,
        MinPurchaseDate = new DateOnly(2013, 9, 12),
        MaxPurchaseDate = new DateOnly(2024, 4, 1),
        Partitions = ["curated/purchases/year=2013/month=09", "curated/purchases/year=2024/month=04"],
        LandedAt = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero),
    };

    public static CustomerBecameInactive CustomerBecameInactive { get; } = new()
    {
        CustomerId = Customer,
        EpisodeKey = Customer + ":2022-12-18",
        InactiveSince = new DateOnly(2023, 10, 15),
        RunId = RunId,
        RuleSetVersion = "v1",
        Customer = Segment,
        Reasons = ["recência de 470 dias > 3 × intervalo mediano de 100 dias = 300 dias"],
    };

    public static CustomerReactivated CustomerReactivated { get; } = new()
    {
        CustomerId = Customer,
        EpisodeKey = Customer + ":2022-12-18",
        InactiveSince = new DateOnly(2023, 10, 15),
        ReactivatedOn = new DateOnly(2024, 4, 20),
        DaysInactive = 188,
        RunId = RunId,
        RuleSetVersion = "v1",
        Customer = Segment with
        {
            ReferenceDate = new DateOnly(2024, 5, 1), LastPurchase = new DateOnly(2024, 4, 20), Frequency = 5, PurchaseDays = 5, RecencyDays = 11,
            TotalSpent = 765.50m, TotalTickets = 6, PurchaseYears = 2, Status = "Ativo", Profile = "Ativo de Alto Valor",
        },
        Reasons = ["nova compra em 2024-04-20 após 188 dias inativo"],
    };

    public static SegmentationRunCompleted SegmentationRunCompleted { get; } = new()
    {
        RunId = RunId,
        AsOf = new DateOnly(2024, 4, 1),
        RuleSetVersion = "v1",
        Customers = 10,
        ByStatus = new Dictionary<string, int> { ["Ativo"] = 6, ["Inativo"] = 4 },
        ByPerfil = new Dictionary<string, int> { ["Ativo de Alto Valor"] = 1, ["Ativo de Baixo Valor"] = 5, ["Inativo de Alto Valor"] = 1, ["Inativo de Baixo Valor"] = 3 },
        ByPotencial = new Dictionary<string, int> { ["Ouro"] = 2, ["Prata"] = 5, ["Bronze"] = 3 },
        BySegmento = new Dictionary<string, int> { ["Viajante de Alto Valor"] = 2, ["Viajante Ocasional"] = 3, ["Viajante de Compra Única"] = 5 },
        BecameInactive = 4,
        Reactivated = 0,
        StartedAt = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero),
        CompletedAt = new DateTimeOffset(2026, 12, 3, 12, 0, 9, TimeSpan.Zero),
    };
}
