using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using InactiveCustomers.Contracts;
using InactiveCustomers.LocalServers;
using MassTransit;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

// Reengagement on real PostgreSQL and RabbitMQ started as private processes, the service as its own process:
//   ./benchmarks/reengagement.sh [EVENTS] [WORK-FOLDER]
// 1. Consumption: the service is started once (migrations, queues), stopped; EVENTS CustomerBecameInactive (default
//    300,000, the size of a first segmentation run) plus 5 % repeats are published into its queue; the service is
//    started again and timed until every episode is a target. Baseline in the same run: PostgreSQL's own COPY of the
//    same number of rows into a table of the same shape, the fastest a row can get in.
// 2. Reads: GET /api/targets, first page with filters, 300 requests per filter set over HTTP with a bearer token;
//    p50 / p95 / max. Baseline: GET /health/live, the same server's floor.
// Targets (issue #5): >= 5,000 events/s consumed, sustained over 300,000, no row for a repeat; first page <= 50 ms p95.
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
var work = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "reengagement-benchmark"));
foreach (var folder in (string[])["postgres", "rabbitmq"])
{
    if (Directory.Exists(Path.Combine(work, folder)))
    {
        Directory.Delete(Path.Combine(work, folder), recursive: true);
    }
}

Directory.CreateDirectory(work);
await using var postgres = await LocalPostgres.StartAsync(Path.Combine(work, "postgres"));
await using var rabbit = await LocalRabbitMq.StartAsync(Path.Combine(work, "rabbitmq"));
var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
var port = FreePort.Next();
var environment = new Dictionary<string, string>
{
    ["ConnectionStrings__Postgres"] = postgres.ConnectionString,
    ["Messaging__Transport"] = "RabbitMq",
    ["Messaging__RabbitMq__Host"] = rabbit.Host,
    ["Messaging__RabbitMq__Port"] = rabbit.Port.ToString(CultureInfo.InvariantCulture),
    ["Messaging__RabbitMq__Username"] = LocalRabbitMq.Username,
    ["Messaging__RabbitMq__Password"] = LocalRabbitMq.Password,
    ["Authentication__Schemes__Bearer__ValidIssuer"] = "benchmark",
    ["Authentication__Schemes__Bearer__ValidAudiences__0"] = "reengagement",
    ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = "benchmark",
    ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Convert.ToBase64String(key),
    ["Reengagement__RequestsPerMinute"] = "1000000",
    ["Logging__LogLevel__Default"] = "Warning",
    ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
};
using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

// Topology and schema: start once, stop.
(await Service.StartAsync(environment, http)).Stop();

Console.WriteLine($"publishing {events:N0} CustomerBecameInactive (+5 % repeats) into the service's queue …");
var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(rabbit.Host, (ushort)rabbit.Port, "/", host =>
{
    host.Username(LocalRabbitMq.Username);
    host.Password(LocalRabbitMq.Password);
}));
await bus.StartAsync();
var published = Stopwatch.StartNew();
var wave = new List<Task>(256);
for (var i = 0; i < events; i++)
{
    wave.Add(bus.Publish(Event(i)));
    if (i % 20 == 0)
    {
        wave.Add(bus.Publish(Event(i))); // a repeat
    }

    if (wave.Count >= 256)
    {
        await Task.WhenAll(wave);
        wave.Clear();
    }
}

await Task.WhenAll(wave);
await bus.StopAsync();
Console.WriteLine($"  published in {published.Elapsed.TotalSeconds:N1} s");

var copySeconds = await CopyBaselineAsync(postgres.ConnectionString, events);
Console.WriteLine($"baseline: PostgreSQL COPY of {events:N0} rows of the same shape: {copySeconds:N2} s");

var consuming = Stopwatch.StartNew();
var service = await Service.StartAsync(environment, http);
var startedAfter = consuming.Elapsed.TotalSeconds;
var samples = new List<(double Seconds, long Rows)>();
long rows;
do
{
    await Task.Delay(250);
    rows = await CountAsync(postgres.ConnectionString);
    samples.Add((consuming.Elapsed.TotalSeconds, rows));
    if (consuming.Elapsed > TimeSpan.FromMinutes(15))
    {
        throw new TimeoutException($"{rows:N0} of {events:N0} targets after 15 minutes");
    }
}
while (rows < events);

var consumedSeconds = consuming.Elapsed.TotalSeconds - startedAfter;
var firstRow = samples.First(s => s.Rows > 0).Seconds;
Console.WriteLine($"consumed: {rows:N0} targets in {consumedSeconds:N1} s after the service was up ({startedAfter:N1} s to start)");

// Reads.
var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
{
    Issuer = "benchmark", Audience = "reengagement", Expires = DateTime.UtcNow.AddHours(1),
    Subject = new ClaimsIdentity([new Claim("sub", "benchmark"), new Claim("role", "marketing.read")]),
    SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
});
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var queries = new[]
{
    "/api/targets",
    "/api/targets?perfil=Inativo%20de%20Alto%20Valor",
    "/api/targets?potencial=Ouro&segmento=Viajante%20Sazonal",
    "/api/targets?status=Pending&minValue=500",
    "/api/targets?perfil=Inativo%20de%20Baixo%20Valor&potencial=Bronze&inactiveSinceFrom=2023-06-01",
    "/api/targets?segmento=Viajante%20Frequente&limit=100",
};
var floor = await LatencyAsync(http, "/health/live", 300);
var latencies = new List<(string Query, Latency Latency)>();
foreach (var query in queries)
{
    latencies.Add((query, await LatencyAsync(http, query, 300)));
}

// A campaign over every target: assignment and the holdout draw.
var writeToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
{
    Issuer = "benchmark", Audience = "reengagement", Expires = DateTime.UtcNow.AddHours(1),
    Subject = new ClaimsIdentity([new Claim("sub", "benchmark"), new Claim("role", "marketing.write")]),
    SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
});
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", writeToken);
var campaignTimer = Stopwatch.StartNew();
var campaignResponse = await http.PostAsync(new Uri("/api/campaigns", UriKind.Relative),
    new StringContent("""{ "name": "benchmark", "holdoutPercent": 10 }""", System.Text.Encoding.UTF8, "application/json"));
campaignResponse.EnsureSuccessStatusCode();
var campaignSeconds = campaignTimer.Elapsed.TotalSeconds;
var campaignBody = System.Text.Json.JsonDocument.Parse(await campaignResponse.Content.ReadAsStringAsync()).RootElement;

service.Stop();

Console.WriteLine();
Console.WriteLine($"{"measure",-78} {"value",10}");
Console.WriteLine($"{"baseline: PostgreSQL COPY of the same rows (s)",-78} {copySeconds,10:N2}");
Console.WriteLine($"{"baseline: COPY rows/s",-78} {events / copySeconds,10:N0}");
Console.WriteLine($"{"consumption: events/s (targets stored / time since the service was up)",-78} {events / consumedSeconds,10:N0}");
Console.WriteLine($"{"consumption: slowest 5 s window (events/s)",-78} {SlowestWindow(samples, firstRow, 5),10:N0}");
Console.WriteLine($"{"rows for the repeats (targets beyond the distinct episodes)",-78} {rows - events,10:N0}");
Console.WriteLine($"{"baseline: GET /health/live p95 (ms)",-78} {floor.P95,10:N1}");
foreach (var (query, latency) in latencies)
{
    Console.WriteLine($"{query[..Math.Min(query.Length, 60)] + " p50 / p95 / max (ms)",-78} {latency.P50,5:N1} / {latency.P95:N1} / {latency.Max:N1}");
}

Console.WriteLine($"{"POST /api/campaigns over every target: assigned / held out / seconds",-78} {campaignBody.GetProperty("targets").GetInt32():N0} / {campaignBody.GetProperty("holdout").GetInt32():N0} / {campaignSeconds:N1}");
Console.WriteLine($"targets: >= 5,000 events/s: {(events / consumedSeconds >= 5000 ? "met" : "MISSED")}; first page <= 50 ms p95: {(latencies.All(l => l.Latency.P95 <= 50) ? "met" : "MISSED")}");

static CustomerBecameInactive Event(int i)
{
    string[] perfis = ["Inativo de Alto Valor", "Inativo de Baixo Valor"];
    string[] potenciais = ["Ouro", "Prata", "Bronze"];
    string[] segmentos = ["Viajante de Alto Valor", "Viajante Sazonal", "Viajante Frequente", "Viajante Ocasional", "Viajante de Compra Única"];
    var customer = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
    var last = new DateOnly(2019, 1, 1).AddDays(i % 1500);
    var spent = 20m + (i * 7919 % 500_000) / 100m;
    return new CustomerBecameInactive
    {
        CustomerId = customer,
        EpisodeKey = $"{customer}:{last:yyyy-MM-dd}",
        InactiveSince = last.AddDays(366),
        RunId = Guid.Empty,
        RuleSetVersion = "v1",
        Reasons = [$"recência de {800 - i % 400} dias > limite de 365 dias (padrão)", $"valor total de R$ {spent:N2}"],
        Customer = new CustomerSegment
        {
            CustomerId = customer, ReferenceDate = new DateOnly(2024, 3, 1), FirstPurchase = last.AddDays(-400), LastPurchase = last,
            Frequency = 1 + i % 9, PurchaseDays = 1 + i % 9, TotalSpent = spent, TotalTickets = 1 + i % 12, AverageTicket = spent,
            RecencyDays = 800 - i % 400, MedianIntervalDays = null, InactivityLimitDays = 365, LimitRule = "padrao", PurchaseYears = 1 + i % 4,
            HighSeasonShare = 0.5m, Status = "Inativo", ValuePercentile = i % 100 / 100m, ValueBand = i % 5 == 0 ? "Alto Valor" : "Baixo Valor",
            Profile = perfis[i % 5 == 0 ? 0 : 1], Seasonal = i % 7 == 0, TravellerSegment = segmentos[i % segmentos.Length],
            RecencyScore = 1, FrequencyScore = 1 + i % 5, MonetaryScore = 1 + i % 5, RfmScore = 3 + i % 10, Potential = potenciais[i % 3],
        },
    };
}

static async Task<double> CopyBaselineAsync(string connectionString, int count)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var create = new NpgsqlCommand("CREATE TABLE copy_baseline (LIKE reengagement.campaign_targets INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)", connection))
    {
        await create.ExecuteNonQueryAsync();
    }

    var stopwatch = Stopwatch.StartNew();
    await using (var import = await connection.BeginBinaryImportAsync(
        "COPY copy_baseline (customer_id, episode_key, perfil_cliente, potencial_cliente, segmento_viajante, valor_total_gasto, last_purchase, inactive_since, reasons, status, suppressed, run_id, rule_set_version, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < count; i++)
        {
            var e = Event(i);
            await import.StartRowAsync();
            await import.WriteAsync(e.CustomerId);
            await import.WriteAsync(e.EpisodeKey);
            await import.WriteAsync(e.Customer.Profile);
            await import.WriteAsync(e.Customer.Potential);
            await import.WriteAsync(e.Customer.TravellerSegment);
            await import.WriteAsync(e.Customer.TotalSpent, NpgsqlTypes.NpgsqlDbType.Numeric);
            await import.WriteAsync(e.Customer.LastPurchase, NpgsqlTypes.NpgsqlDbType.Date);
            await import.WriteAsync(e.InactiveSince, NpgsqlTypes.NpgsqlDbType.Date);
            await import.WriteAsync(e.Reasons.ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text);
            await import.WriteAsync("Pending");
            await import.WriteAsync(false);
            await import.WriteAsync(e.RunId);
            await import.WriteAsync(e.RuleSetVersion);
            await import.WriteAsync(DateTimeOffset.UtcNow, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await import.WriteAsync(DateTimeOffset.UtcNow, NpgsqlTypes.NpgsqlDbType.TimestampTz);
        }

        await import.CompleteAsync();
    }

    var seconds = stopwatch.Elapsed.TotalSeconds;
    await using (var drop = new NpgsqlCommand("DROP TABLE copy_baseline", connection))
    {
        await drop.ExecuteNonQueryAsync();
    }

    return seconds;
}

static async Task<long> CountAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var count = new NpgsqlCommand("SELECT count(*) FROM reengagement.campaign_targets", connection);
    return (long)(await count.ExecuteScalarAsync())!;
}

static async Task<Latency> LatencyAsync(HttpClient http, string path, int requests)
{
    for (var i = 0; i < 20; i++)
    {
        (await http.GetAsync(new Uri(path, UriKind.Relative))).EnsureSuccessStatusCode(); // warm up
    }

    var times = new List<double>(requests);
    for (var i = 0; i < requests; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        times.Add(stopwatch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return new Latency(times[requests / 2], times[(int)(requests * 0.95)], times[^1]);
}

static double SlowestWindow(List<(double Seconds, long Rows)> samples, double from, double window)
{
    var slowest = double.MaxValue;
    var points = samples.Where(s => s.Seconds >= from).ToList();
    for (var i = 0; i < points.Count; i++)
    {
        var end = points.FindIndex(i, p => p.Seconds >= points[i].Seconds + window);
        if (end < 0)
        {
            break;
        }

        slowest = Math.Min(slowest, (points[end].Rows - points[i].Rows) / (points[end].Seconds - points[i].Seconds));
    }

    return slowest == double.MaxValue ? 0 : slowest;
}

internal sealed record Latency(double P50, double P95, double Max);

/// <summary>The reengagement service as its own process, as it runs in production.</summary>
internal sealed class Service
{
    private readonly Process _process;

    private Service(Process process) => _process = process;

    public static async Task<Service> StartAsync(IReadOnlyDictionary<string, string> environment, HttpClient http)
    {
        // The service's own build output (built with the benchmark, same configuration).
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "InactiveCustomers.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("run the benchmark from the repository's build output");
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var output = Path.Combine(root.FullName, "services", "reengagement", "Reengagement", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(output, "InactiveCustomers.Reengagement.dll")]) { WorkingDirectory = output };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return new Service(process);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"the reengagement service did not become ready (exited: {process.HasExited})");
            }

            await Task.Delay(100);
        }
    }

    public void Stop()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }
}
