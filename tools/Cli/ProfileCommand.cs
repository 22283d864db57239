using System.CommandLine;
using System.Globalization;
using InactiveCustomers.DataGenerator;
using Spectre.Console;

namespace InactiveCustomers.Cli;

/// <summary><c>profile FILE</c>: measures a purchase export's shape next to the real export's figures.</summary>
internal static class ProfileCommand
{
    private static readonly CultureInfo PtBr = CultureInfo.GetCultureInfo("pt-BR", predefinedOnly: false);

    /// <summary>50,000 of the real export's 581,817 customers.</summary>
    public const double TopCustomerShare = 50_000 / 581_817.0;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A purchase export CSV (generated or real)" };
        var command = new Command("profile", "Measure the shape of a purchase export and compare it with the real data's (DATASET.md)") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"profile: {path.FullName} does not exist");
                return ExitCodes.InputRefused;
            }

            Print(PurchaseFileProfile.Read(path.FullName), path.Name);
            return ExitCodes.Success;
        });
        return command;
    }

    public static void Print(PurchaseFileProfile profile, string title)
    {
        var (one, two, few, many) = profile.OrdersPerCustomerShares();
        var oneTicket = profile.TicketsPerOrder.GetValueOrDefault(1) / (double)profile.Orders;
        var twoTickets = profile.TicketsPerOrder.GetValueOrDefault(2) / (double)profile.Orders;
        var table = new Table().Title($"Shape of {Markup.Escape(title)}").AddColumns("measure", "this file", "real export (DATASET.md)");
        void Row(string measure, string value, string real) => table.AddRow(measure, value, real);

        Row("rows / orders / not measured", $"{profile.Rows:N0} / {profile.Orders:N0} / {profile.UnparseableRows:N0}", "1,741,344 orders");
        Row("customers", $"{profile.Customers:N0}", "581,817");
        Row("purchase dates", $"{profile.FirstDate:yyyy-MM-dd} → {profile.LastDate:yyyy-MM-dd}", "2013-09-12 → 2024-04-01");
        Row("orders per customer (mean)", $"{profile.Orders / (double)profile.Customers:N2}", "~3.0");
        Row("customers with 1 / 2 / 3–5 / ≥6 orders", $"{one:P1} / {two:P1} / {few:P1} / {many:P1}", "53.5% / ~19% / ~17% / 10.7%");
        Row("most orders of one customer", $"{profile.MaxOrdersOfOneCustomer:N0}", "1,200");
        Row("orders of the top 8.6% of customers", $"{profile.TopCustomersOrderShare(TopCustomerShare):P1}", "44.6% (top 50k)");
        Row("orders with 1 / 2 tickets", $"{oneTicket:P1} / {twoTickets:P1}", "72.0% / 22.2%");
        Row("GMV p5 / p25 / median / p75", $"{Brl(profile.GmvPercentile(0.05))} / {Brl(profile.GmvPercentile(0.25))} / {Brl(profile.GmvPercentile(0.5))} / {Brl(profile.GmvPercentile(0.75))}", "31 / 62 / 113 / 189");
        Row("GMV p95 / p99 / max", $"{Brl(profile.GmvPercentile(0.95))} / {Brl(profile.GmvPercentile(0.99))} / {Brl(profile.GmvMax)}", "407 / 759 / ~2,700");
        Row("GMV mean", Brl(profile.GmvSum / Math.Max(1, profile.Orders)), "~152");
        Row("round trips", $"{profile.RoundTrips / (double)profile.Orders:P1}", "~1–10% (0.7% in the sample)");
        Row("busiest months", string.Join(", ", profile.MonthsByOrders().Take(5).Select(MonthName)), "Dec, Nov, Jan, Oct, Jul");
        Row("tickets Dec 2019 / Apr 2020 / Dec 2021", $"{profile.TicketsIn(2019, 12):N0} / {profile.TicketsIn(2020, 4):N0} / {profile.TicketsIn(2021, 12):N0}", "~42k / ~2k / ~61k");
        Row("top origin share / places", $"{profile.TopOriginShare:P1} / {profile.DistinctOrigins:N0}", "~15% / ~3,000");
        Row("top company share / companies", $"{profile.TopCompanyShare:P1} / {profile.DistinctCompanies:N0}", "~11% / ~300");
        Row("second purchase within 30 days", $"{profile.RepurchaseWithin30DaysShare:P1}", "~4%");
        Row("repeat customers gone for a year", $"{profile.RepeatCustomersGoneForAYearShare:P1}", "(who the product looks for)");
        Row("seasonal-looking customers", $"{profile.SeasonalCustomersShare:P1}", "(rule of SEGMENTATION_RULES.md)");
        AnsiConsole.Write(table);

        var years = new BarChart().Label("[bold]Orders per year[/]").Width(70);
        foreach (var (year, orders) in profile.OrdersByYear)
        {
            years.AddItem(year.ToString(CultureInfo.InvariantCulture), orders, Color.SteelBlue);
        }

        AnsiConsole.Write(years);
    }

    private static string Brl(decimal value) => value.ToString("C0", PtBr);

    private static string MonthName(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(month);
}
