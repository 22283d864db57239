namespace InactiveCustomers.DataGenerator;

/// <summary>
/// How likely an order is on each day of the range: yearly growth, the COVID collapse, month, weekday and
/// holiday seasonality (DATASET.md, "Realistic shape"). Samples days from that weight, optionally within a window.
/// </summary>
internal sealed class PurchaseCalendar
{
    // Relative order volume per month, by year: growth from ~nothing in 2013 to the 2022–2024 plateau.
    private static readonly Dictionary<int, double> YearLevel = new()
    {
        [2013] = 1.2, [2014] = 8, [2015] = 20, [2016] = 38, [2017] = 48, [2018] = 62, [2019] = 92,
        [2020] = 100, [2021] = 118, [2022] = 165, [2023] = 152, [2024] = 170,
    };

    // December highest, then Nov, Jan, Oct, Jul; March to June lowest.
    private static readonly double[] MonthFactor = [0.98, 0.88, 0.80, 0.78, 0.80, 0.84, 0.98, 0.92, 0.96, 1.16, 1.32, 1.60];

    // Monday … Sunday: Thursday and Friday busiest, Saturday quietest.
    private static readonly double[] WeekdayFactor = [1.00, 0.97, 1.00, 1.12, 1.15, 0.78, 0.93];

    // COVID: March 2020 collapses to an April trough (~2k tickets against ~20k a month before), slow recovery into 2021.
    private static readonly Dictionary<(int Year, int Month), double> Shock = new()
    {
        [(2020, 3)] = 0.55, [(2020, 4)] = 0.09, [(2020, 5)] = 0.16, [(2020, 6)] = 0.26, [(2020, 7)] = 0.38,
        [(2020, 8)] = 0.48, [(2020, 9)] = 0.58, [(2020, 10)] = 0.68, [(2020, 11)] = 0.75, [(2020, 12)] = 0.85,
        [(2021, 1)] = 0.70, [(2021, 2)] = 0.62, [(2021, 3)] = 0.50, [(2021, 4)] = 0.52, [(2021, 5)] = 0.65,
        [(2021, 6)] = 0.75, [(2021, 12)] = 1.0,
    };

    private readonly double[] _cumulative;

    public PurchaseCalendar(DateOnly from, DateOnly to)
    {
        From = from;
        Days = to.DayNumber - from.DayNumber + 1;
        _cumulative = new double[Days];
        var total = 0.0;
        for (var i = 0; i < Days; i++)
        {
            total += Weight(from.AddDays(i));
            _cumulative[i] = total;
        }
    }

    public DateOnly From { get; }

    public int Days { get; }

    public DateOnly DateOf(int day) => From.AddDays(day);

    /// <summary>A day index in [first, last] drawn in proportion to the calendar weight.</summary>
    public int Sample(Random random, int first, int last)
    {
        first = Math.Clamp(first, 0, Days - 1);
        last = Math.Clamp(last, first, Days - 1);
        var low = first == 0 ? 0.0 : _cumulative[first - 1];
        var target = low + (random.NextDouble() * (_cumulative[last] - low));
        var index = Array.BinarySearch(_cumulative, first, last - first + 1, target);
        return Math.Clamp(index >= 0 ? index : ~index, first, last);
    }

    public int Sample(Random random) => Sample(random, 0, Days - 1);

    private static double Weight(DateOnly date)
    {
        var level = YearLevel.TryGetValue(date.Year, out var l) ? l : date.Year < 2013 ? 1.0 : 170;
        var weight = level * MonthFactor[date.Month - 1] * WeekdayFactor[((int)date.DayOfWeek + 6) % 7];
        if (Shock.TryGetValue((date.Year, date.Month), out var shock))
        {
            weight *= shock;
        }

        return weight * HolidayFactor(date) / DateTime.DaysInMonth(date.Year, date.Month);
    }

    // Spikes in the days before Christmas, New Year, Proclamation of the Republic (15 Nov) and Independence Day (7 Sep).
    private static double HolidayFactor(DateOnly date) => (date.Month, date.Day) switch
    {
        (12, >= 14 and <= 23) => 1.6,
        (12, >= 26 and <= 30) => 1.35,
        (11, >= 10 and <= 14) => 1.45,
        (9, >= 2 and <= 6) => 1.35,
        _ => 1.0,
    };
}
