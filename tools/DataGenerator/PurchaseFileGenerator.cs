using System.Diagnostics;
using System.Text;
using InactiveCustomers.DataLake.Purchases;

namespace InactiveCustomers.DataGenerator;

/// <summary>What a generation wrote.</summary>
public sealed record GenerationResult(
    long Rows,
    long GoodRows,
    long Customers,
    IReadOnlyDictionary<string, long> BadRowsByRule,
    long Bytes,
    TimeSpan Elapsed);

/// <summary>
/// Streams a synthetic purchase export with the format and shape of the real one (DATASET.md). Memory stays flat:
/// customers are planned one at a time and their orders pass through a fixed-size shuffle buffer, so lines come out
/// in no particular order, as in the real file. The same options and seed always give the same bytes.
/// </summary>
public sealed class PurchaseFileGenerator(GeneratorOptions options)
{
    private const int ShuffleBufferSize = 1 << 16;
    private const int RecentLines = 256;
    private const int ProgressEvery = 1 << 15;

    /// <summary>Writes the file to <paramref name="output"/> and, when given, the planted bad rows (line, rule, column) to <paramref name="badRows"/>.</summary>
    public GenerationResult Generate(Stream output, TextWriter? badRows = null, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var calendar = new PurchaseCalendar(options.From, options.To);
        var planner = new CustomerPlanner(random, calendar, options.Seed);
        var formatter = new OrderLineFormatter(planner.PlaceIds, planner.CompanyIds, options.From, calendar.Days);
        var planter = new BadRowPlanter(random);
        var newLine = options.CrLf ? "\r\n"u8.ToArray() : "\n"u8.ToArray();
        var badByRule = BadRowPlanter.Rules.ToDictionary(rule => rule, _ => 0L);

        var pending = new List<SyntheticOrder>();
        var pendingAt = 0;
        long customers = 0;
        long toPlan = options.Rows;
        bool NextOrder(out SyntheticOrder order)
        {
            if (pendingAt == pending.Count)
            {
                pending.Clear();
                pendingAt = 0;
                if (toPlan == 0)
                {
                    order = default;
                    return false;
                }

                planner.Plan(++customers, toPlan, pending);
                toPlan -= pending.Count;
            }

            order = pending[pendingAt++];
            return true;
        }

        var buffer = new SyntheticOrder[(int)Math.Min(ShuffleBufferSize, options.Rows)];
        var filled = 0;
        while (filled < buffer.Length && NextOrder(out var order))
        {
            buffer[filled++] = order;
        }

        var recent = new SyntheticOrder[RecentLines];
        long recentCount = 0;
        var line = new byte[OrderLineFormatter.MaxLineLength];
        long bytes = 0;
        long goodRows = 0;
        badRows?.WriteLine("line,rule,column");

        Write(Encoding.ASCII.GetBytes(string.Join(',', PurchaseColumns.All)));
        for (long row = 0; row < options.Rows && filled > 0; row++)
        {
            if (row % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(row);
            }

            var lineNumber = row + 2; // the header is line 1
            var bad = options.BadRowFraction > 0 && random.NextDouble() < options.BadRowFraction;
            var rule = bad ? BadRowPlanter.Rules[random.Next(BadRowPlanter.Rules.Count)] : null;
            if (rule == PurchaseRowRule.DuplicateOrder && recentCount > 0)
            {
                // An exact copy of a line already written: ingestion keeps the first and drops this one.
                var original = recent[random.Next((int)Math.Min(recentCount, RecentLines))];
                Write(line.AsSpan(0, formatter.Format(original, line)));
                Record(lineNumber, rule, PurchaseColumns.OrderId);
                continue;
            }

            var slot = random.Next(filled);
            var next = buffer[slot];
            buffer[slot] = NextOrder(out var refill) ? refill : buffer[--filled];
            var length = formatter.Format(next, line);
            if (rule is null or PurchaseRowRule.DuplicateOrder)
            {
                Write(line.AsSpan(0, length));
                recent[recentCount++ % RecentLines] = next;
                goodRows++;
                continue;
            }

            var planted = planter.Corrupt(Encoding.ASCII.GetString(line, 0, length), rule);
            Write(Encoding.UTF8.GetBytes(planted.Line));
            Record(lineNumber, planted.Rule, planted.Column);
        }

        progress?.Invoke(options.Rows);
        return new GenerationResult(options.Rows, goodRows, customers, badByRule, bytes, stopwatch.Elapsed);

        void Write(ReadOnlySpan<byte> content)
        {
            output.Write(content);
            output.Write(newLine);
            bytes += content.Length + newLine.Length;
        }

        void Record(long lineNumber, string rule, string? column)
        {
            badByRule[rule]++;
            badRows?.WriteLine($"{lineNumber},{rule},{column}");
        }
    }
}
