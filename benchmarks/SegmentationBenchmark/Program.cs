using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using InactiveCustomers.Contracts;
using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.LocalServers;
using InactiveCustomers.Segmentation.Extensions;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.Segmentation.Runs;
using InactiveCustomers.ServiceDefaults;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Segmentation at full size, on real PostgreSQL and RabbitMQ started as private processes, with baselines measured
// in the same run (the machine is shared and noisy):
//   ./benchmarks/segmentation.sh [ROWS] [WORK-FOLDER]
// Steps: generate the file (kept in WORK-FOLDER for next time) and ingest it into a fresh lake. Baseline 1: DuckDB
// alone runs the rules SQL over the lake into one Parquet file. Then the segmentation service's core with its relay
// to RabbitMQ, as the service runs it, does the first run as of 2024-03-01 (every inactive customer's first
// CustomerBecameInactive). Baseline 2: a plain MassTransit bus publishes the first 20,000 of the same messages to the
// broker (its ceiling here). Then a regular run a month later. A witness queue bound to the events' exchanges counts
// what arrives and when; the rate is what it received from the start of the lifecycle step to its last message.
// RELAY_AFTER=1: store the first run with no relay, then start the relay and time it draining (each part alone).
// PG_LOG_SLOW=MS: PostgreSQL logs statements slower than MS, with their plans (auto_explain), and autovacuum.
// Targets (issue #4): a regular run <= 15 s; the first run's events appended and published >= 5,000 events/s
// sustained; memory flat (no customers held as objects: the managed heap does not grow with them).
var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : GeneratorOptions.FullSizeRows;
var work = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "segmentation-benchmark"));
var firstAsOf = new DateOnly(2024, 3, 1);
var secondAsOf = firstAsOf.AddMonths(1);
Directory.CreateDirectory(work);

var file = Path.Combine(work, $"purchases-{rows}.csv");
if (!File.Exists(file))
{
    Console.WriteLine($"generating {rows:N0} rows …");
    GeneratedPurchaseFile.Write(new GeneratorOptions(rows, 42, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0, false), file);
}

var lakeRoot = Path.Combine(work, "lake");
DeleteFolder(lakeRoot);
var lake = new LakeLayout(lakeRoot);
using (var catalog = LocalCatalog.Open(lake))
{
    var report = new PurchaseFileIngestor(catalog, TimeProvider.System).IngestFile(file);
    Console.WriteLine($"input: {rows:N0} rows generated, {report.RowsAccepted:N0} landed in {lakeRoot}");
}

DeleteFolder(Path.Combine(work, "postgres"));
DeleteFolder(Path.Combine(work, "rabbitmq"));
await using var postgres = await LocalPostgres.StartAsync(Path.Combine(work, "postgres"));
await using var rabbit = await LocalRabbitMq.StartAsync(Path.Combine(work, "rabbitmq"));
Console.WriteLine($"PostgreSQL on port {postgres.Port}, RabbitMQ on port {rabbit.Port}");
if (Environment.GetEnvironmentVariable("PG_LOG_SLOW") is { } slowMs)
{
    await using var pg = new Npgsql.NpgsqlConnection(postgres.ConnectionString);
    await pg.OpenAsync();
    foreach (var statement in (string[])[$"ALTER SYSTEM SET log_min_duration_statement = {slowMs}", "ALTER SYSTEM SET log_autovacuum_min_duration = 0",
        "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'", "LOAD 'auto_explain'", $"ALTER SYSTEM SET auto_explain.log_min_duration = {slowMs}"])
    {
        await using var set = new Npgsql.NpgsqlCommand(statement, pg);
        await set.ExecuteNonQueryAsync();
    }

    await using var reload = new Npgsql.NpgsqlCommand("SELECT pg_reload_conf()", pg);
    await reload.ExecuteNonQueryAsync();
}

var rulesSeconds = RulesAlone(lake, firstAsOf, Path.Combine(work, "rules-alone.parquet"), out var rulesRows);
Console.WriteLine($"baseline: DuckDB alone, rules SQL -> Parquet: {rulesSeconds:N2} s ({rulesRows:N0} customers)");

var plainBus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(rabbit.Host, (ushort)rabbit.Port, "/", host =>
{
    host.Username(LocalRabbitMq.Username);
    host.Password(LocalRabbitMq.Password);
}));
await using var consumer = await Counter.StartAsync(
    rabbit, plainBus.Topology.Message<CustomerBecameInactive>().EntityName, plainBus.Topology.Message<CustomerReactivated>().EntityName);
using var memory = new MemorySampler();
if (Environment.GetEnvironmentVariable("RELAY_AFTER") == "1")
{
    var storing = await StartSegmentationAsync(postgres, rabbit, lakeRoot, relay: false);
    var stored = (await storing.Services.GetRequiredService<SegmentationRunner>().RunAsync(new RunRequest(firstAsOf, "benchmark"), CancellationToken.None)).Run;
    await storing.StopAsync();
    storing.Dispose();
    Console.WriteLine($"stored alone: {stored.BecameInactive + stored.Reactivated:N0} events, lifecycle {stored.TimingsMs["lifecycle"] / 1000.0:N2} s");
    consumer.Reset();
    var relayStart = Stopwatch.GetTimestamp();
    var cpu0 = CpuSeconds.Now();
    var relaying = await StartSegmentationAsync(postgres, rabbit, lakeRoot, relay: true);
    while (consumer.Received < stored.BecameInactive + stored.Reactivated)
    {
        await Task.Delay(20);
    }

    var relaySeconds = Stopwatch.GetElapsedTime(relayStart, consumer.LastReceivedTimestamp).TotalSeconds;
    Console.WriteLine($"relay alone: {relaySeconds:N2} s, {(stored.BecameInactive + stored.Reactivated) / relaySeconds:N0} events/s; CPU {CpuSeconds.Now().Minus(cpu0)}");
    await relaying.StopAsync();
    return;
}

var host = await StartSegmentationAsync(postgres, rabbit, lakeRoot);
var runner = host.Services.GetRequiredService<SegmentationRunner>();

var first = await TimedRunAsync(runner, consumer, firstAsOf, "first run");
var heapAfterFirst = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024);

// The broker's ceiling here: the same messages published by a plain bus, in the relay's waves of 64.
var sample = consumer.Kept.ConvertAll(body => JsonDocument.Parse(body).RootElement.GetProperty("message")
    .Deserialize<CustomerBecameInactive>(MassTransit.Serialization.SystemTextJsonMessageSerializer.Options)!);
var publishRate = await PlainPublishRateAsync(plainBus, consumer, sample);
Console.WriteLine($"baseline: the first {sample.Count:N0} of those events again, plain MassTransit publish -> broker -> consumer: {publishRate:N0} events/s");
var second = await TimedRunAsync(runner, consumer, secondAsOf, "regular run a month later");
await host.StopAsync();
host.Dispose();

Console.WriteLine();
Console.WriteLine($"{"measure",-62} {"value",10}");
Console.WriteLine($"{"baseline: DuckDB alone, rules SQL -> Parquet (s)",-62} {rulesSeconds,10:N2}");
Console.WriteLine($"{"baseline: plain publish -> consumer (events/s)",-62} {publishRate,10:N0}");
Print("first run", first);
Print("regular run", second);
Console.WriteLine($"{"peak working set of the process (MiB)",-62} {memory.PeakWorkingSetMiB,10:N0}");
Console.WriteLine($"{"peak managed heap (MiB)",-62} {memory.PeakManagedMiB,10:N0}");
Console.WriteLine($"{"live managed heap after the first run, full GC (MiB)",-62} {heapAfterFirst,10:N0}");
Console.WriteLine($"targets: regular run <= 15 s: {(second.Run.TimingsMs["total"] <= 15_000 ? "met" : "MISSED")}; " +
    $"first run >= 5,000 events/s end to end: {(first.EndToEndRate >= 5_000 ? "met" : "MISSED")}");

static void Print(string name, Timed timed)
{
    var run = timed.Run;
    Console.WriteLine($"{name + ": as of " + run.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),-62}");
    Console.WriteLine($"{"  customers",-62} {run.Counts.Customers,10:N0}");
    Console.WriteLine($"{"  CustomerBecameInactive + CustomerReactivated",-62} {timed.Events,10:N0}");
    foreach (var (step, ms) in run.TimingsMs)
    {
        Console.WriteLine($"{"  " + step + " (s)",-62} {ms / 1000.0,10:N2}");
    }

    Console.WriteLine($"{"  events stored per second of the lifecycle step",-62} {timed.Events / Math.Max(0.001, run.TimingsMs["lifecycle"] / 1000.0),10:N0}");
    Console.WriteLine($"{"  start of run -> last event received by the consumer (s)",-62} {timed.EndToEndSeconds,10:N2}");
    Console.WriteLine($"{"  received per second, start of lifecycle step -> last event",-62} {timed.EndToEndRate,10:N0}");
    Console.WriteLine($"{"  slowest 5 s window of receipts (events/s)",-62} {timed.SlowestWindowRate,10:N0}");
}

static async Task<Timed> TimedRunAsync(SegmentationRunner runner, Counter consumer, DateOnly asOf, string name)
{
    Console.WriteLine($"{name}: segmenting as of {asOf:yyyy-MM-dd} …");
    consumer.Reset();
    var cpuBefore = CpuSeconds.Now();
    var started = Stopwatch.GetTimestamp();
    var outcome = await runner.RunAsync(new RunRequest(asOf, "benchmark"), CancellationToken.None);
    var run = outcome.Run;
    var events = run.BecameInactive + run.Reactivated;
    var deadline = Stopwatch.StartNew();
    while (consumer.Received < events)
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(10))
        {
            throw new TimeoutException($"{name}: the consumer received {consumer.Received:N0} of {events:N0} events in 10 minutes after the run");
        }

        await Task.Delay(50);
    }

    var lastReceived = consumer.LastReceivedTimestamp;
    var cpu = CpuSeconds.Now().Minus(cpuBefore);
    Console.WriteLine($"  CPU seconds used until then: {cpu}");
    var endToEnd = Stopwatch.GetElapsedTime(started, lastReceived).TotalSeconds;
    var lifecycleStart = (run.TimingsMs["total"] - run.TimingsMs["lifecycle"]) / 1000.0;
    Console.WriteLine($"  received per second: {string.Join(' ', consumer.PerSecond(started, lastReceived))}");
    Console.WriteLine($"  {run.Counts.Customers:N0} customers, {events:N0} events, run {run.TimingsMs["total"] / 1000.0:N1} s, last event received after {endToEnd:N1} s");
    return new Timed(run, events, endToEnd, events / Math.Max(0.001, endToEnd - lifecycleStart), consumer.SlowestWindowRate(started, lastReceived, 5));
}

static double RulesAlone(LakeLayout lake, DateOnly asOf, string target, out long customers)
{
    var stopwatch = Stopwatch.StartNew();
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = PurchasesManifest.ViewSql(lake, PurchasesManifest.Read(lake)) + ";\n" +
        $"COPY ({CustomerSegmentsSql.For(asOf, new SegmentationRules())}) TO '{target}' (FORMAT parquet)";
    command.ExecuteNonQuery();
    var seconds = stopwatch.Elapsed.TotalSeconds;
    command.CommandText = $"SELECT count(*) FROM read_parquet('{target}')";
    customers = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    return seconds;
}

static async Task<double> PlainPublishRateAsync(IBusControl bus, Counter consumer, List<CustomerBecameInactive> messages)
{
    await bus.StartAsync();
    try
    {
        consumer.Reset();
        var started = Stopwatch.GetTimestamp();
        var wave = new List<Task>(64);
        foreach (var message in messages)
        {
            wave.Add(bus.Publish(message));
            if (wave.Count == 64)
            {
                await Task.WhenAll(wave);
                wave.Clear();
            }
        }

        await Task.WhenAll(wave);
        while (consumer.Received < messages.Count)
        {
            await Task.Delay(20);
        }

        return messages.Count / Stopwatch.GetElapsedTime(started, consumer.LastReceivedTimestamp).TotalSeconds;
    }
    finally
    {
        await bus.StopAsync();
    }
}

static async Task<IHost> StartSegmentationAsync(LocalPostgres postgres, LocalRabbitMq rabbit, string lakeRoot, bool relay = true)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        [PostgresExtensions.SettingName] = postgres.ConnectionString,
        ["Lake:Root"] = lakeRoot,
        ["Messaging:Transport"] = "RabbitMq",
        ["Messaging:RabbitMq:Host"] = rabbit.Host,
        ["Messaging:RabbitMq:Port"] = rabbit.Port.ToString(CultureInfo.InvariantCulture),
        ["Messaging:RabbitMq:VirtualHost"] = "/",
        ["Messaging:RabbitMq:Username"] = LocalRabbitMq.Username,
        ["Messaging:RabbitMq:Password"] = LocalRabbitMq.Password,
    });
    builder.Logging.AddConsole();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.AddMessaging();
    builder.AddSegmentationCore(relay);
    var host = builder.Build();
    await host.StartAsync();
    return host;
}

static void DeleteFolder(string path)
{
    if (Directory.Exists(path))
    {
        Directory.Delete(path, recursive: true);
    }
}

/// <summary>CPU time used so far by this process, PostgreSQL's processes and RabbitMQ's (from /proc).</summary>
internal sealed record CpuSeconds(double Benchmark, double Postgres, double RabbitMq)
{
    public static CpuSeconds Now()
    {
        using var self = Process.GetCurrentProcess();
        double postgres = 0, rabbit = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime + stime, and cutime + cstime: what exited children (PostgreSQL's backends) used.
                var seconds = fields.Skip(11).Take(4).Sum(field => double.Parse(field, CultureInfo.InvariantCulture)) / 100.0;
                if (name == "postgres")
                {
                    postgres += seconds;
                }
                else if (name is "beam.smp" or "erl_child_setup" or "epmd")
                {
                    rabbit += seconds;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return new CpuSeconds(self.TotalProcessorTime.TotalSeconds, postgres, rabbit);
    }

    public CpuSeconds Minus(CpuSeconds earlier) => new(Benchmark - earlier.Benchmark, Postgres - earlier.Postgres, RabbitMq - earlier.RabbitMq);

    public override string ToString() => $"this process {Benchmark:N1}, PostgreSQL {Postgres:N1}, RabbitMQ {RabbitMq:N1}";
}

internal sealed record Timed(SegmentationRun Run, int Events, double EndToEndSeconds, double EndToEndRate, double SlowestWindowRate);

/// <summary>
/// A witness bound to the broker outside MassTransit: a queue on the lifecycle events' exchanges, counting deliveries
/// and when they arrived, without deserializing them (so that it costs this 2-core machine as little as possible; the
/// tests check what real consumers receive). It keeps the first 20,000 message bodies for the plain-publish baseline.
/// </summary>
internal sealed class Counter : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly object _gate = new();
    private readonly List<long> _receipts = new(1 << 20);
    private readonly List<ReadOnlyMemory<byte>> _kept = [];

    private Counter(IConnection connection) => _connection = connection;

    public int Received
    {
        get
        {
            lock (_gate)
            {
                return _receipts.Count;
            }
        }
    }

    public long LastReceivedTimestamp
    {
        get
        {
            lock (_gate)
            {
                return _receipts[^1];
            }
        }
    }

    /// <summary>The bodies of the first 20,000 messages received, as they arrived.</summary>
    public List<ReadOnlyMemory<byte>> Kept
    {
        get
        {
            lock (_gate)
            {
                return [.. _kept];
            }
        }
    }

    /// <summary>Binds a queue to each of <paramref name="exchanges"/> (declared as MassTransit declares them: fanout, durable).</summary>
    public static async Task<Counter> StartAsync(LocalRabbitMq rabbit, params string[] exchanges)
    {
        var factory = new ConnectionFactory
        {
            HostName = rabbit.Host, Port = rabbit.Port, UserName = LocalRabbitMq.Username, Password = LocalRabbitMq.Password,
        };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("benchmark-witness", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in exchanges)
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, string.Empty);
        }

        await channel.BasicQosAsync(0, 2000, false);
        var counter = new Counter(connection);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            counter.Count(delivery.Body);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return counter;
    }

    public void Reset()
    {
        lock (_gate)
        {
            _receipts.Clear();
        }
    }

    /// <summary>The fewest events received in any <paramref name="seconds"/>-second window between the two moments.</summary>
    public double SlowestWindowRate(long from, long to, int seconds)
    {
        long[] receipts;
        lock (_gate)
        {
            receipts = [.. _receipts];
        }

        var window = Stopwatch.Frequency * seconds;
        var first = receipts.Length > 0 ? receipts[0] : from;
        if (to - first <= window)
        {
            return receipts.Length / Math.Max(0.001, Stopwatch.GetElapsedTime(first, to).TotalSeconds);
        }

        var fewest = long.MaxValue;
        var start = 0;
        for (var windowStart = first; windowStart + window <= to; windowStart += Stopwatch.Frequency / 10)
        {
            while (start < receipts.Length && receipts[start] < windowStart)
            {
                start++;
            }

            var end = start;
            while (end < receipts.Length && receipts[end] < windowStart + window)
            {
                end++;
            }

            fewest = Math.Min(fewest, end - start);
        }

        return fewest / (double)seconds;
    }

    /// <summary>Events received in each second from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IEnumerable<int> PerSecond(long from, long to)
    {
        long[] receipts;
        lock (_gate)
        {
            receipts = [.. _receipts];
        }

        var seconds = new int[(int)Math.Ceiling(Stopwatch.GetElapsedTime(from, to).TotalSeconds) + 1];
        foreach (var receipt in receipts)
        {
            seconds[Math.Clamp((int)Stopwatch.GetElapsedTime(from, receipt).TotalSeconds, 0, seconds.Length - 1)]++;
        }

        return seconds;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private void Count(ReadOnlyMemory<byte> body)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _receipts.Add(now);
            if (_kept.Count < 20_000)
            {
                _kept.Add(body.ToArray()); // the client reuses its buffer after the handler returns
            }
        }
    }
}

/// <summary>Samples the process's working set and managed heap every 100 ms.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakWorkingSet;
    private long _peakManaged;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    public double PeakWorkingSetMiB
    {
        get
        {
            using var self = Process.GetCurrentProcess();
            return Math.Max(Interlocked.Read(ref _peakWorkingSet), self.PeakWorkingSet64) / (1024.0 * 1024);
        }
    }

    public double PeakManagedMiB => Interlocked.Read(ref _peakManaged) / (1024.0 * 1024);

    public double ManagedMiB => GC.GetTotalMemory(false) / (1024.0 * 1024);

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        using var self = Process.GetCurrentProcess();
        InterlockedMax(ref _peakWorkingSet, self.WorkingSet64);
        InterlockedMax(ref _peakManaged, GC.GetTotalMemory(false));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
