namespace InactiveCustomers.DataGenerator.Tests;

/// <summary>
/// The generated data against the real export's shape (DATASET.md, "Realistic shape"), within stated tolerances,
/// measured from the file itself by the profiler.
/// </summary>
public class GeneratedShapeTests(GeneratedFileFixture file) : IClassFixture<GeneratedFileFixture>
{
    private const double Points = 0.01;

    [Fact]
    public void OrdersPerCustomer_ShouldMatchTheRealDistribution()
    {
        var (one, two, threeToFive, sixOrMore) = file.Profile.OrdersPerCustomerShares();

        one.Should().BeApproximately(0.535, 3 * Points, "53.5% of real customers bought once");
        two.Should().BeApproximately(0.19, 3 * Points);
        threeToFive.Should().BeApproximately(0.17, 3 * Points);
        sixOrMore.Should().BeApproximately(0.107, 3 * Points);
        (file.Profile.Orders / (double)file.Profile.Customers).Should().BeApproximately(3.0, 0.3);
    }

    [Fact]
    public void OrdersPerCustomer_ShouldHaveAHeavyTail()
    {
        file.Profile.MaxOrdersOfOneCustomer.Should().BeInRange(300, 1200, "one real customer made 1,200 orders");
        file.Profile.TopCustomersOrderShare(50_000 / 581_817.0).Should().BeApproximately(0.446, 6 * Points, "the top 50k real customers hold 44.6% of orders");
    }

    [Fact]
    public void TicketsPerOrder_ShouldMatchTheRealDistribution()
    {
        double orders = file.Profile.Orders;

        (file.Profile.TicketsPerOrder[1] / orders).Should().BeApproximately(0.72, 3 * Points);
        (file.Profile.TicketsPerOrder[2] / orders).Should().BeApproximately(0.222, 3 * Points);
        file.Profile.TicketsPerOrder.Keys.Max().Should().BeLessThanOrEqualTo(16);
    }

    [Fact]
    public void Gmv_ShouldMatchTheRealPercentiles()
    {
        file.Profile.GmvPercentile(0.5).Should().BeInRange(113 - 15, 113 + 15);
        file.Profile.GmvPercentile(0.25).Should().BeInRange(62 - 12, 62 + 12);
        file.Profile.GmvPercentile(0.75).Should().BeInRange(189 - 25, 189 + 25);
        file.Profile.GmvPercentile(0.95).Should().BeInRange(407 - 60, 407 + 60);
        file.Profile.GmvMax.Should().BeLessThanOrEqualTo(2_700);
        (file.Profile.GmvSum / file.Profile.Orders).Should().BeInRange(152 - 20, 152 + 20);
    }

    [Fact]
    public void December_ShouldBeTheTopMonthAndMarchToJuneTheLowest()
    {
        var months = file.Profile.MonthsByOrders();

        months[0].Should().Be(12);
        months.TakeLast(4).Should().BeSubsetOf([3, 4, 5, 6, 9, 2]);
    }

    [Fact]
    public void Covid_ShouldCollapseApril2020()
    {
        var april2020 = file.Profile.TicketsIn(2020, 4);

        april2020.Should().BePositive();
        april2020.Should().BeLessThan(file.Profile.TicketsIn(2019, 4) / 4, "sales fell to ~2k tickets from ~20k a month");
        april2020.Should().BeLessThan(file.Profile.TicketsIn(2020, 2) / 4);
        file.Profile.TicketsIn(2021, 12).Should().BeGreaterThan(file.Profile.TicketsIn(2019, 12), "Dec 2021 was the peak");
    }

    [Fact]
    public void Volume_ShouldGrowYearOnYearFromNearZeroIn2013()
    {
        var years = file.Profile.OrdersByYear;

        years[2013].Should().BeLessThan(years[2014]);
        years[2014].Should().BeLessThan(years[2016]);
        years[2016].Should().BeLessThan(years[2019]);
        years[2020].Should().BeLessThan(years[2019]);
        years[2022].Should().BeGreaterThan(years[2019]);
        file.Profile.FirstDate.Should().BeOnOrAfter(new DateOnly(2013, 9, 12));
        file.Profile.LastDate.Should().BeOnOrBefore(new DateOnly(2024, 4, 1));
    }

    [Fact]
    public void WeekdaysAndHours_ShouldPeakWhereTheRealOnesDo()
    {
        var weekdays = file.Profile.OrdersByWeekday; // Monday first
        var hours = file.Profile.OrdersByHour;

        new[] { weekdays[3], weekdays[4] }.Min().Should().BeGreaterThan(new[] { weekdays[0], weekdays[1], weekdays[2], weekdays[6] }.Max(), "Thursday and Friday are busiest");
        weekdays[5].Should().Be(weekdays.Min(), "Saturday is quietest");
        hours[10..17].Min().Should().BeGreaterThan(hours[2..6].Max() * 5);
    }

    [Fact]
    public void PlacesAndCompanies_ShouldBeConcentratedLikeTheRealOnes()
    {
        file.Profile.TopOriginShare.Should().BeApproximately(0.15, 4 * Points);
        file.Profile.TopCompanyShare.Should().BeApproximately(0.11, 3 * Points);
        file.Profile.DistinctOrigins.Should().BeInRange(2_000, 3_000);
        file.Profile.DistinctCompanies.Should().BeInRange(200, 300);
        (file.Profile.RoundTrips / (double)file.Profile.Orders).Should().BeInRange(0.005, 0.10);
    }

    [Fact]
    public void Customers_ShouldIncludeQuickRepurchasersSeasonalTravellersAndLeavers()
    {
        file.Profile.RepurchaseWithin30DaysShare.Should().BeApproximately(0.04, 3 * Points);
        file.Profile.SeasonalCustomersShare.Should().BeGreaterThan(0.02, "some customers buy every year in January, July or December");
        file.Profile.RepeatCustomersGoneForAYearShare.Should().BeInRange(0.3, 0.9, "many repeat customers stop buying: the product exists to find them");
    }
}
