namespace InactiveCustomers.DataGenerator;

/// <summary>
/// Plans the whole purchase history of one customer at a time (DATASET.md, "Realistic shape"): how many orders
/// (53.5% buy once, a heavy tail up to ~1,200), when (a personal activity window, or every year in the same high
/// season month), where to (a home route), and how many tickets at what price.
/// </summary>
internal sealed class CustomerPlanner
{
    private const int PlaceCount = 3000;
    private const int CompanyCount = 300;
    private const int MaxOrdersPerCustomer = 1200;
    private const long MaxGmvCents = 270_000;

    // Hours 00..23, the shape of the real sample: 10:00–16:00 busiest, 02:00–05:00 quietest.
    private static readonly double[] HourWeights =
        [197, 77, 41, 25, 31, 74, 111, 234, 363, 480, 645, 679, 640, 700, 723, 660, 632, 613, 616, 602, 578, 501, 447, 331];

    private readonly Random _random;
    private readonly PurchaseCalendar _calendar;
    private readonly DiscreteDistribution _places = DiscreteDistribution.Zipf(PlaceCount, 1.12);
    private readonly DiscreteDistribution _companies = DiscreteDistribution.Zipf(CompanyCount, 0.85);
    private readonly DiscreteDistribution _hours = DiscreteDistribution.FromWeights(HourWeights);
    private readonly short[] _placeIds;
    private readonly short[] _companyIds;
    private readonly ulong _orderSalt;
    private readonly List<int> _days = [];
    private long _orderSequence;

    public CustomerPlanner(Random random, PurchaseCalendar calendar, int seed)
    {
        _random = random;
        _calendar = calendar;
        // Which place or company id is the busiest depends on the seed; ids are small integers as in the real file.
        _placeIds = Permutation(PlaceCount, offset: 1);
        _companyIds = Permutation(CompanyCount, offset: 1);
        _orderSalt = Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL);
    }

    public IReadOnlyList<short> PlaceIds => _placeIds;

    public IReadOnlyList<short> CompanyIds => _companyIds;

    /// <summary>Adds up to <paramref name="maxOrders"/> orders of customer <paramref name="customerNumber"/> to <paramref name="orders"/>.</summary>
    public void Plan(long customerNumber, long maxOrders, List<SyntheticOrder> orders)
    {
        var count = (int)Math.Min(OrderCount(), maxOrders);
        PlanDays(count);

        var home = (short)_places.Sample(_random);
        var away = OtherPlace(home);
        var roundTripPropensity = _random.NextDouble() < 0.05 ? 0.25 : 0.006;
        foreach (var day in _days)
        {
            orders.Add(PlanOrder(customerNumber, day, home, away, roundTripPropensity));
        }
    }

    private int OrderCount()
    {
        var u = _random.NextDouble();
        return u switch
        {
            < 0.535 => 1,
            < 0.725 => 2,
            < 0.805 => 3,
            < 0.858 => 4,
            < 0.893 => 5,
            // Pareto tail from 6 with alpha 1.8: mean ~13, so ~3 orders per customer overall.
            _ => (int)Math.Min(MaxOrdersPerCustomer, Math.Floor(6 * Math.Pow(1 - _random.NextDouble(), -1 / 1.8))),
        };
    }

    private void PlanDays(int count)
    {
        _days.Clear();
        if (count == 1)
        {
            _days.Add(_calendar.Sample(_random));
            return;
        }

        if (count <= 8 && _random.NextDouble() < 0.16 && PlanSeasonalDays(count))
        {
            return;
        }

        // A personal activity window around a day drawn from the calendar; most customers stop buying at some point.
        var center = _calendar.Sample(_random);
        var typicalGap = count <= 5 ? 450.0 : Math.Max(2.0, 2000.0 / count);
        var span = Math.Min(_calendar.Days, typicalGap * (count - 1) * Math.Exp(0.6 * Gaussian()));
        var first = center - (int)(span * _random.NextDouble());
        var last = first + (int)span;
        for (var i = 0; i < count; i++)
        {
            // Some orders are bought on the same day as the previous one (outbound and return bought apart).
            _days.Add(i > 0 && _random.NextDouble() < 0.01 ? _days[^1] : _calendar.Sample(_random, first, last));
        }
    }

    // A seasonal traveller: buys in the same high-season month (Dec, Jan or Jul) of several years.
    private bool PlanSeasonalDays(int count)
    {
        var pick = _random.NextDouble();
        var month = pick < 0.45 ? 12 : pick < 0.75 ? 1 : 7;
        var firstYear = _calendar.From.Year;
        var lastYear = _calendar.DateOf(_calendar.Days - 1).Year;
        var years = Math.Min(count, lastYear - firstYear + 1);
        if (years < 2)
        {
            return false;
        }

        var startYear = _random.Next(firstYear, lastYear - years + 2);
        var offSeason = count >= 4 && _random.NextDouble() < 0.3 ? 1 : 0;
        for (var i = 0; i < count - offSeason; i++)
        {
            var year = startYear + (i % years);
            var monthStart = new DateOnly(year, month, 1).DayNumber - _calendar.From.DayNumber;
            var monthEnd = monthStart + DateTime.DaysInMonth(year, month) - 1;
            if (monthEnd < 0 || monthStart >= _calendar.Days)
            {
                _days.Add(_calendar.Sample(_random));
                continue;
            }

            _days.Add(_calendar.Sample(_random, monthStart, monthEnd));
        }

        for (var i = 0; i < offSeason; i++)
        {
            _days.Add(_calendar.Sample(_random));
        }

        return true;
    }

    private SyntheticOrder PlanOrder(long customerNumber, int day, short home, short away, double roundTripPropensity)
    {
        var route = _random.NextDouble();
        (short origin, short destination) = route switch
        {
            < 0.55 => (home, away),
            < 0.80 => (away, home),
            _ => RandomRoute(),
        };

        var tickets = TicketsPerLeg();
        var roundTrip = _random.NextDouble() < roundTripPropensity;
        var company = RouteCompany(origin, destination);
        var year = _calendar.DateOf(day).Year;
        // Price per ticket drifts up over the years; a route has its own price level; each order its own noise.
        var perTicket = (62 + (4.8 * Math.Clamp(year - 2014, 0, 10))) * RouteFactor(origin, destination) * Math.Exp(0.46 * Gaussian());
        var legs = roundTrip ? 2 : 1;
        var cents = (long)Math.Round(perTicket * tickets * legs * 100 * (roundTrip ? 0.95 : 1.0));
        cents = Math.Clamp(RoundLikeFare(cents), 100, MaxGmvCents);
        if (_random.NextDouble() < 0.0002)
        {
            cents = 0; // a zero-value order: real, not a purchase for segmentation
        }

        return new SyntheticOrder(
            OrderNumber: Mix(_orderSalt + (ulong)_orderSequence++),
            CustomerNumber: customerNumber,
            Day: day,
            SecondOfDay: (_hours.Sample(_random) * 3600) + _random.Next(3600),
            Origin: origin,
            Destination: destination,
            RoundTrip: roundTrip,
            Company: company,
            // The real file names a return company without a return leg in ~1.5% of one-way orders.
            ReturnCompany: roundTrip ? company : _random.NextDouble() < 0.015 ? (short)_companies.Sample(_random) : SyntheticOrder.NoCompany,
            GmvCents: cents,
            GmvNoise: _random.NextDouble() < 0.0002 ? (short)_random.Next(1000) : SyntheticOrder.NoNoise,
            Tickets: (byte)(tickets * legs));
    }

    // 1 → 72%, 2 → 22.2%, 3 → 2%, 4 → 3%, 5–16 rare. Round trips double it.
    private int TicketsPerLeg()
    {
        var u = _random.NextDouble();
        return u switch
        {
            < 0.725 => 1,
            < 0.947 => 2,
            < 0.967 => 3,
            < 0.993 => 4,
            _ => Math.Min(8, 5 + (int)(-Math.Log(1 - _random.NextDouble()) * 1.2)),
        };
    }

    private (short, short) RandomRoute()
    {
        var origin = (short)_places.Sample(_random);
        return (origin, OtherPlace(origin));
    }

    private short OtherPlace(short place)
    {
        short other;
        do
        {
            other = (short)_places.Sample(_random);
        }
        while (other == place);
        return other;
    }

    // Most routes are served mainly by one company; some orders go to another.
    private short RouteCompany(short origin, short destination)
    {
        if (_random.NextDouble() < 0.3)
        {
            return (short)_companies.Sample(_random);
        }

        var hash = Mix(((ulong)(ushort)origin << 16) | (ushort)destination);
        return (short)_companies.SampleAt((hash >> 11) / (double)(1UL << 53));
    }

    private static double RouteFactor(short origin, short destination)
    {
        var hash = Mix(((ulong)(ushort)Math.Min(origin, destination) << 16) | (ushort)Math.Max(origin, destination));
        var u1 = ((hash >> 11) + 1) / (double)(1UL << 53);
        var u2 = (Mix(hash) >> 11) / (double)(1UL << 53);
        return Math.Exp(0.45 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    // Fares end in .90 or .99 more often than chance.
    private long RoundLikeFare(long cents) => _random.NextDouble() switch
    {
        < 0.15 => (cents / 100 * 100) + 90,
        < 0.25 => (cents / 100 * 100) + 99,
        _ => cents,
    };

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private short[] Permutation(int count, int offset)
    {
        var ids = new short[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = (short)(i + offset);
        }

        _random.Shuffle(ids);
        return ids;
    }

    /// <summary>SplitMix64's finaliser: a bijection, so distinct inputs give distinct order numbers.</summary>
    internal static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
