using InactiveCustomers.Segmentation.Rules;

namespace InactiveCustomers.Segmentation.Tests.Rules;

// Every rule of SEGMENTATION_RULES.md at its boundaries, on both sides, through the SQL the engine runs.
public sealed class CustomerSegmentsSqlTests : IDisposable
{
    private const string D = "2024-12-31";
    private readonly RulesSandbox _lake = new();

    [Fact]
    public void OnlyPositiveOrdersOnOrBeforeD_ShouldCountAsPurchases()
    {
        _lake.Buy("a", "2024-01-10", gmv: 50m, tickets: 2)
            .Buy("a", "2024-02-10", gmv: 0m)
            .Buy("a", "2024-03-10", tickets: 0)
            .Buy("a", "2025-01-01")
            .Buy("only-later", "2025-01-01")
            .Buy("only-free", "2024-05-01", gmv: 0m);

        var rows = _lake.Segment(D);

        rows.Keys.Should().Equal("a");
        var a = rows["a"].Segment;
        a.Frequency.Should().Be(1);
        a.TotalSpent.Should().Be(50m);
        a.TotalTickets.Should().Be(2);
        a.LastPurchase.Should().Be(new DateOnly(2024, 1, 10));
        a.ReferenceDate.Should().Be(new DateOnly(2024, 12, 31));
        rows["a"].RuleSetVersion.Should().Be("v1");
    }

    [Fact]
    public void Facts_ShouldCountOrdersDatesValueAndTickets()
    {
        _lake.Buy("a", "2023-05-01", 10.00m, 1).Buy("a", "2023-05-01", 10.01m, 2).Buy("a", "2024-07-15", 10.01m, 3);

        var a = _lake.Only(D, "a");

        a.FirstPurchase.Should().Be(new DateOnly(2023, 5, 1));
        a.LastPurchase.Should().Be(new DateOnly(2024, 7, 15));
        a.Frequency.Should().Be(3);
        a.PurchaseDays.Should().Be(2, "two orders on one date are one purchase day");
        a.TotalSpent.Should().Be(30.02m);
        a.TotalTickets.Should().Be(6);
        a.AverageTicket.Should().Be(10.01m, "30.02 / 3 = 10.0066…");
        a.RecencyDays.Should().Be(169);
        a.PurchaseYears.Should().Be(2);
    }

    [Fact]
    public void AverageTicket_ShouldRoundHalfAwayFromZero()
    {
        _lake.Buy("half", "2024-01-01", 0.01m).Buy("half", "2024-01-02", 0.02m)
            .Buy("below", "2024-01-01", 0.01m).Buy("below", "2024-01-02", 0.01m).Buy("below", "2024-01-03", 0.02m);

        var rows = _lake.Segment(D);

        rows["half"].Segment.AverageTicket.Should().Be(0.02m, "0.03 / 2 = 0.015");
        rows["below"].Segment.AverageTicket.Should().Be(0.01m, "0.04 / 3 = 0.0133…");
    }

    [Fact]
    public void FewerThanThreePurchaseDays_ShouldUseTheDefaultLimit()
    {
        _lake.BuyOn("two-days", "2024-01-01", "2024-01-11", "2024-01-11");

        var row = _lake.Only(D, "two-days");

        row.MedianIntervalDays.Should().BeNull();
        row.InactivityLimitDays.Should().Be(365);
        row.LimitRule.Should().Be("padrao");
    }

    [Fact]
    public void EvenGapCount_ShouldTakeTheMeanOfTheMiddleTwo()
    {
        // gaps 40 and 45 (three dates): median 42.5, limit ceil(127.5) = 128
        _lake.BuyOn("even", "2024-01-01", "2024-02-10", "2024-03-26");

        var row = _lake.Only(D, "even");

        row.MedianIntervalDays.Should().Be(42.5m);
        row.InactivityLimitDays.Should().Be(128);
        row.LimitRule.Should().Be("intervalo_pessoal");
    }

    [Fact]
    public void OddGapCount_ShouldTakeTheMiddleGap()
    {
        // gaps 10, 50, 30 (four dates): sorted 10, 30, 50 → 30, limit 90
        _lake.BuyOn("odd", "2024-01-01", "2024-01-11", "2024-03-01", "2024-03-31");

        var row = _lake.Only(D, "odd");

        row.MedianIntervalDays.Should().Be(30m);
        row.InactivityLimitDays.Should().Be(90);
    }

    [Fact]
    public void PersonalLimit_ShouldBeClampedBetween90And730Days()
    {
        _lake.BuyOn("often", "2024-01-01", "2024-01-11", "2024-01-21") // median 10 → 30 → 90
            .BuyOn("just-above-min", "2024-01-01", "2024-01-31", "2024-03-02") // gaps 30, 31 → 30.5 → ceil(91.5) = 92
            .BuyOn("rare", "2018-01-01", "2019-01-01", "2020-01-01") // median 365 → 1095 → 730
            .BuyOn("below-max", "2019-01-01", "2019-08-31", "2020-04-29"); // gaps 242, 242 → 726

        var rows = _lake.Segment(D);

        rows["often"].Segment.InactivityLimitDays.Should().Be(90);
        rows["just-above-min"].Segment.InactivityLimitDays.Should().Be(92);
        rows["rare"].Segment.InactivityLimitDays.Should().Be(730);
        rows["below-max"].Segment.InactivityLimitDays.Should().Be(726);
    }

    [Fact]
    public void RecencyEqualToTheLimit_ShouldStillBeActive()
    {
        // default limit 365: bought 365 days before D → active; 366 days → inactive since the 366th day
        _lake.Buy("at-limit", "2024-01-01").Buy("past-limit", "2023-12-31");

        var rows = _lake.Segment(D);

        rows["at-limit"].Segment.RecencyDays.Should().Be(365);
        rows["at-limit"].Segment.Status.Should().Be("Ativo");
        rows["at-limit"].InactiveSince.Should().BeNull();
        rows["past-limit"].Segment.RecencyDays.Should().Be(366);
        rows["past-limit"].Segment.Status.Should().Be("Inativo");
        rows["past-limit"].InactiveSince.Should().Be(new DateOnly(2024, 12, 31), "ultima_compra + limit + 1 day");
    }

    [Fact]
    public void TiedValues_ShouldShareTheLowestRank()
    {
        _lake.Buy("low", "2024-06-01", 10m).Buy("tie-1", "2024-06-01", 50m).Buy("tie-2", "2024-06-01", 50m).Buy("top", "2024-06-01", 90m);

        var rows = _lake.Segment(D);

        rows["low"].Segment.ValuePercentile.Should().Be(0m);
        rows["tie-1"].Segment.ValuePercentile.Should().Be(0.333333m, "rank 2 of 4: (2 - 1) / 3, shown to 6 places rounded down");
        rows["tie-2"].Segment.ValuePercentile.Should().Be(0.333333m);
        rows["top"].Segment.ValuePercentile.Should().Be(1m);
    }

    [Fact]
    public void SingleCustomer_ShouldHavePercentileZero()
    {
        _lake.Buy("alone", "2024-06-01", 999m);

        var alone = _lake.Only(D, "alone");

        alone.ValuePercentile.Should().Be(0m);
        alone.ValueBand.Should().Be("Baixo Valor");
        alone.MonetaryScore.Should().Be(1);
    }

    [Fact]
    public void PercentileBoundaries_ShouldDecideValueBandAndMonetaryScoreExactly()
    {
        // six customers, percent ranks 0, 0.2, 0.4, 0.6, 0.8, 1.0
        for (var i = 0; i < 6; i++)
        {
            _lake.Buy($"c{i}", "2024-06-01", 10m * (i + 1));
        }

        var rows = _lake.Segment(D);

        Enumerable.Range(0, 6).Select(i => rows[$"c{i}"].Segment.MonetaryScore).Should().Equal(1, 2, 3, 4, 5, 5);
        Enumerable.Range(0, 6).Select(i => rows[$"c{i}"].Segment.ValueBand).Should()
            .Equal("Baixo Valor", "Baixo Valor", "Baixo Valor", "Baixo Valor", "Alto Valor", "Alto Valor");
        rows["c4"].Segment.ValuePercentile.Should().Be(0.8m);
        rows["c4"].Segment.Profile.Should().Be("Ativo de Alto Valor");
    }

    [Fact]
    public void PercentileJustBelowTheThreshold_ShouldBeLowValue()
    {
        // 11 customers: rank 9 of 11 gives 8/10 = 0.8 exactly; with 12 customers rank 10 gives 9/11 = 0.818…,
        // rank 9 gives 8/11 = 0.727…
        for (var i = 0; i < 12; i++)
        {
            _lake.Buy($"c{i:00}", "2024-06-01", 10m * (i + 1));
        }

        var rows = _lake.Segment(D);

        rows["c08"].Segment.ValueBand.Should().Be("Baixo Valor");
        rows["c09"].Segment.ValueBand.Should().Be("Alto Valor");
    }

    [Fact]
    public void Seasonal_ShouldNeedTwoYearsAndSixtyPercentInHighSeason()
    {
        _lake.BuyOn("seasonal", "2022-01-10", "2023-07-10", "2023-12-10", "2024-03-10", "2024-05-10") // 3 of 5 = 0.6
            .BuyOn("just-below", "2022-01-10", "2023-07-10", "2023-12-10", "2024-03-10", "2024-05-10", "2024-06-10", "2024-07-02") // 4 of 7
            .BuyOn("one-year", "2024-01-10", "2024-07-10", "2024-12-10");

        var rows = _lake.Segment(D);

        rows["seasonal"].Segment.Seasonal.Should().BeTrue();
        rows["seasonal"].Segment.HighSeasonShare.Should().Be(0.6m);
        rows["just-below"].Segment.Seasonal.Should().BeFalse("4 / 7 = 0.571… < 0.6");
        rows["just-below"].Segment.HighSeasonShare.Should().Be(0.571428m);
        rows["one-year"].Segment.Seasonal.Should().BeFalse("all in high season, but in one year");
        rows["one-year"].Segment.HighSeasonShare.Should().Be(1m);
    }

    [Fact]
    public void TravellerSegment_ShouldTakeTheFirstRuleThatHolds()
    {
        _lake.BuyOn("once", "2024-06-01")
            .BuyOn("twice", "2024-06-01", "2024-06-02")
            .BuyOn("five", "2024-06-01", "2024-06-02", "2024-06-03", "2024-06-04", "2024-06-05")
            .BuyOn("six", "2024-06-01", "2024-06-02", "2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06")
            .BuyOn("seasonal", "2023-01-05", "2023-07-05", "2024-12-05")
            .Buy("rich", "2023-01-05", 25_000m).Buy("rich", "2024-07-05", 25_000m)
            .Buy("big-1", "2024-06-01", 30_000m).Buy("big-2", "2024-06-01", 40_000m); // so that only "rich" is in the top 20 %

        var rows = _lake.Segment(D);

        rows["once"].Segment.TravellerSegment.Should().Be("Viajante de Compra Única");
        rows["twice"].Segment.TravellerSegment.Should().Be("Viajante Ocasional");
        rows["five"].Segment.TravellerSegment.Should().Be("Viajante Ocasional");
        rows["six"].Segment.TravellerSegment.Should().Be("Viajante Frequente");
        rows["seasonal"].Segment.TravellerSegment.Should().Be("Viajante Sazonal");
        rows["rich"].Segment.Seasonal.Should().BeTrue();
        rows["rich"].Segment.TravellerSegment.Should().Be("Viajante de Alto Valor", "high value comes before seasonal");
    }

    [Theory]
    [InlineData(91, 5)]   // 91 / 365 ≤ 0.25
    [InlineData(92, 4)]
    [InlineData(182, 4)]  // 182 / 365 ≤ 0.5
    [InlineData(183, 3)]
    [InlineData(365, 3)]  // = 1.0
    [InlineData(366, 2)]
    [InlineData(730, 2)]  // = 2.0
    [InlineData(731, 1)]
    public void RecencyScore_ShouldFollowTheRatioToTheLimit(int recencyDays, int score)
    {
        var reference = new DateOnly(2024, 12, 31);
        _lake.Buy("c", reference.AddDays(-recencyDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        var row = _lake.Only(D, "c");

        row.InactivityLimitDays.Should().Be(365);
        row.RecencyDays.Should().Be(recencyDays);
        row.RecencyScore.Should().Be(score);
    }

    [Fact]
    public void RecencyScore_ShouldCompareTheExactFraction()
    {
        // limit 90 (gaps 10): 22 / 90 = 0.244 → 5, 23 / 90 = 0.256 → 4
        _lake.BuyOn("c22", "2024-11-19", "2024-11-29", "2024-12-09").BuyOn("c23", "2024-11-18", "2024-11-28", "2024-12-08");

        var rows = _lake.Segment(D);

        rows["c22"].Segment.RecencyScore.Should().Be(5);
        rows["c23"].Segment.RecencyScore.Should().Be(4);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(5, 4)]
    [InlineData(9, 4)]
    [InlineData(10, 5)]
    public void FrequencyScore_ShouldFollowTheOrderCount(int orders, int score)
    {
        for (var i = 0; i < orders; i++)
        {
            _lake.Buy("c", "2024-12-01");
        }

        _lake.Only(D, "c").FrequencyScore.Should().Be(score);
    }

    [Fact]
    public void Potential_ShouldFollowTheRfmScore()
    {
        // Four customers with the same value: each percent rank is 0, so score_m = 1.
        // once, today: r 5 + f 1 + m 1 = 7 → Prata; once, long ago: 1 + 1 + 1 = 3 → Bronze.
        // Ten orders today: 5 + 5 + 1 = 11 → Ouro. Five orders, recency 0.5: 4 + 4 + 1 = 9 → Prata.
        _lake.Buy("prata", D).Buy("bronze", "2020-01-01");
        for (var i = 0; i < 10; i++)
        {
            _lake.Buy("ouro", D, gmv: 10m);
        }

        for (var i = 0; i < 5; i++)
        {
            _lake.Buy("nove", "2024-07-02", gmv: 20m);
        }

        var rows = _lake.Segment(D);

        rows["prata"].Segment.RfmScore.Should().Be(7);
        rows.Values.Select(r => r.Segment).Should().AllSatisfy(r => r.RfmScore.Should().Be(r.RecencyScore + r.FrequencyScore + r.MonetaryScore));
        rows["prata"].Segment.Potential.Should().Be("Prata");
        rows["bronze"].Segment.RfmScore.Should().Be(3);
        rows["bronze"].Segment.Potential.Should().Be("Bronze");
        rows["ouro"].Segment.RfmScore.Should().Be(11);
        rows["ouro"].Segment.Potential.Should().Be("Ouro");
        rows["nove"].Segment.RfmScore.Should().Be(9);
        rows["nove"].Segment.Potential.Should().Be("Prata");
    }

    [Fact]
    public void ConfiguredThresholds_ShouldChangeTheOutcome()
    {
        _lake.Buy("c", "2024-06-01");
        var rules = new SegmentationRules { Version = "v1-test", DefaultLimitDays = 200, HighSeasonMonths = [6] };

        var row = _lake.Segment(D, rules)["c"];

        row.Segment.InactivityLimitDays.Should().Be(200);
        row.Segment.Status.Should().Be("Inativo", "213 days > 200");
        row.Segment.HighSeasonShare.Should().Be(1m, "June is high season under these rules");
        row.RuleSetVersion.Should().Be("v1-test");
    }

    public void Dispose() => _lake.Dispose();
}
