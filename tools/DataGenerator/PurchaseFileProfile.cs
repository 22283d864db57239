using System.Globalization;
using System.Text;

namespace InactiveCustomers.DataGenerator;

/// <summary>
/// The shape of a purchase export, measured from the file itself: the figures DATASET.md gives for the real data,
/// so a generated file (or a user's own export) can be compared with them. Lines that are not a plausible 12-field
/// order (unparseable, or dated before 2000 or after today) are counted, not measured.
/// </summary>
public sealed class PurchaseFileProfile
{
    private const int GmvHistogramCents = 1_000_000;

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.Now);

    private readonly Dictionary<ulong, CustomerTally> _customers = [];
    private readonly long[] _gmvHistogram = new long[GmvHistogramCents + 1];
    private readonly Dictionary<string, long> _origins = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _companies = new(StringComparer.Ordinal);

    public long Rows { get; private set; }
    public long UnparseableRows { get; private set; }
    public long Orders { get; private set; }
    public int Customers => _customers.Count;
    public long RoundTrips { get; private set; }
    public long ReturnCompanyWithoutReturnLeg { get; private set; }
    public long ZeroGmvOrders { get; private set; }
    public long OneDecimalGmv { get; private set; }
    public long NoisyGmv { get; private set; }
    public decimal GmvSum { get; private set; }
    public SortedDictionary<int, long> TicketsPerOrder { get; } = [];
    public SortedDictionary<int, long> OrdersByYear { get; } = [];
    public SortedDictionary<int, long> TicketsByYear { get; } = [];
    public long[] OrdersByMonth { get; } = new long[13];
    public SortedDictionary<(int Year, int Month), long> TicketsByYearMonth { get; } = [];
    public long[] OrdersByWeekday { get; } = new long[7];
    public long[] OrdersByHour { get; } = new long[24];
    public DateOnly? FirstDate { get; private set; }
    public DateOnly? LastDate { get; private set; }

    public static PurchaseFileProfile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Read(stream);
    }

    public static PurchaseFileProfile Read(Stream stream)
    {
        var profile = new PurchaseFileProfile();
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 20);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            profile.Add(line);
        }

        return profile;
    }

    /// <summary>Orders per customer: 1, 2, 3–5, 6 or more.</summary>
    public (double One, double Two, double ThreeToFive, double SixOrMore) OrdersPerCustomerShares()
    {
        double total = Customers;
        long one = 0, two = 0, few = 0, many = 0;
        foreach (var tally in _customers.Values)
        {
            switch (tally.Orders)
            {
                case 1: one++; break;
                case 2: two++; break;
                case <= 5: few++; break;
                default: many++; break;
            }
        }

        return (one / total, two / total, few / total, many / total);
    }

    public int MaxOrdersOfOneCustomer => _customers.Values.Max(tally => tally.Orders);

    /// <summary>
    /// Share of all orders made by the customers with most orders, taking the top <paramref name="customerShare"/>
    /// of customers (the real export: the top 50k of 581,817, 8.6%, make 44.6% of orders).
    /// </summary>
    public double TopCustomersOrderShare(double customerShare) =>
        _customers.Values.Select(tally => (long)tally.Orders).OrderDescending()
            .Take((int)Math.Round(customerShare * Customers)).Sum() / (double)Orders;

    /// <summary>Share of customers whose second purchase day came within 30 days of their first.</summary>
    public double RepurchaseWithin30DaysShare =>
        _customers.Values.Count(tally => tally.SecondDay != int.MaxValue && tally.SecondDay - tally.FirstDay <= 30) / (double)Customers;

    /// <summary>Share of customers who bought in ≥ 2 years, at least 60% of the time in January, July or December.</summary>
    public double SeasonalCustomersShare =>
        _customers.Values.Count(tally => ulong.PopCount(tally.YearMask) >= 2 && tally.HighSeasonOrders * 5 >= tally.Orders * 3) / (double)Customers;

    /// <summary>Share of repeat customers (2+ orders) whose last purchase came more than a year before the file's last date: those who stopped buying.</summary>
    public double RepeatCustomersGoneForAYearShare
    {
        get
        {
            var cutoff = (LastDate ?? default).DayNumber - 365;
            var repeat = _customers.Values.Where(tally => tally.Orders >= 2).ToList();
            return repeat.Count(tally => tally.LastDay < cutoff) / (double)Math.Max(1, repeat.Count);
        }
    }

    /// <summary>The exact GMV quantile (nearest rank), in BRL with 2 decimals.</summary>
    public decimal GmvPercentile(double quantile)
    {
        var rank = (long)Math.Ceiling(quantile * Orders);
        long seen = 0;
        for (var cents = 0; cents <= GmvHistogramCents; cents++)
        {
            seen += _gmvHistogram[cents];
            if (seen >= Math.Max(1, rank))
            {
                return cents / 100m;
            }
        }

        return GmvHistogramCents / 100m;
    }

    public decimal GmvMax
    {
        get
        {
            var cents = Array.FindLastIndex(_gmvHistogram, count => count > 0);
            return cents < 0 ? 0 : cents / 100m;
        }
    }

    public double TopOriginShare => _origins.Count == 0 ? 0 : _origins.Values.Max() / (double)Orders;

    public int DistinctOrigins => _origins.Count;

    public double TopCompanyShare => _companies.Count == 0 ? 0 : _companies.Values.Max() / (double)Orders;

    public int DistinctCompanies => _companies.Count;

    /// <summary>Calendar months 1–12 from most to fewest orders.</summary>
    public IReadOnlyList<int> MonthsByOrders() =>
        Enumerable.Range(1, 12).OrderByDescending(month => OrdersByMonth[month]).ToList();

    public long TicketsIn(int year, int month) => TicketsByYearMonth.GetValueOrDefault((year, month));

    private void Add(string text)
    {
        Rows++;
        var line = text.AsSpan();
        Span<Range> fields = stackalloc Range[13];
        if (line.Split(fields, ',') != 12
            || !DateOnly.TryParseExact(line[fields[2]], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date.Year < 2000
            || date > Today
            || !decimal.TryParse(line[fields[10]], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var gmv)
            || !int.TryParse(line[fields[11]], NumberStyles.None, CultureInfo.InvariantCulture, out var tickets)
            || line[fields[1]].Length < 16
            || !ulong.TryParse(line[fields[1]][..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var customer))
        {
            UnparseableRows++;
            return;
        }

        Orders++;
        var gmvText = line[fields[10]];
        var decimals = gmvText.Length - gmvText.IndexOf('.') - 1;
        OneDecimalGmv += decimals == 1 && gmv != 0 ? 1 : 0;
        NoisyGmv += decimals > 2 ? 1 : 0;
        ZeroGmvOrders += gmv == 0 ? 1 : 0;
        gmv = Math.Round(gmv, 2, MidpointRounding.AwayFromZero);
        GmvSum += gmv;
        _gmvHistogram[(int)Math.Min(GmvHistogramCents, gmv * 100)]++;

        var roundTrip = line[fields[6]] is not "0";
        RoundTrips += roundTrip ? 1 : 0;
        ReturnCompanyWithoutReturnLeg += !roundTrip && line[fields[9]] is not "1" ? 1 : 0;
        Increment(TicketsPerOrder, tickets, 1);
        Increment(OrdersByYear, date.Year, 1);
        Increment(TicketsByYear, date.Year, tickets);
        Increment(TicketsByYearMonth, (date.Year, date.Month), tickets);
        OrdersByMonth[date.Month]++;
        OrdersByWeekday[((int)date.DayOfWeek + 6) % 7]++;
        if (line[fields[3]].Length >= 2 && int.TryParse(line[fields[3]][..2], CultureInfo.InvariantCulture, out var hour) && hour is >= 0 and < 24)
        {
            OrdersByHour[hour]++;
        }

        FirstDate = FirstDate is { } first && first <= date ? first : date;
        LastDate = LastDate is { } last && last >= date ? last : date;
        Increment(_origins, line[fields[4]].ToString(), 1);
        Increment(_companies, line[fields[8]].ToString(), 1);

        ref var tally = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_customers, customer, out var existed);
        if (!existed)
        {
            tally = new CustomerTally { FirstDay = int.MaxValue, SecondDay = int.MaxValue };
        }

        tally.Add(date);
    }

    private static void Increment<TKey>(IDictionary<TKey, long> counts, TKey key, long by)
        where TKey : notnull =>
        counts[key] = counts.TryGetValue(key, out var count) ? count + by : by;

    private struct CustomerTally
    {
        public int Orders;
        public int FirstDay;
        public int SecondDay;
        public int LastDay;
        public int HighSeasonOrders;
        public ulong YearMask;

        public void Add(DateOnly date)
        {
            Orders++;
            HighSeasonOrders += date.Month is 1 or 7 or 12 ? 1 : 0;
            YearMask |= 1UL << ((date.Year - 2000) & 63);
            var day = date.DayNumber;
            LastDay = Math.Max(LastDay, day);
            if (day < FirstDay)
            {
                SecondDay = FirstDay;
                FirstDay = day;
            }
            else if (day > FirstDay && day < SecondDay)
            {
                SecondDay = day;
            }
        }
    }
}
