using InactiveCustomers.DataGenerator;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Cli.Tests;

/// <summary>
/// Kill `ingest` at every step of landing a batch, then restart: the lake must hold the whole batch or none of it,
/// and sending the same file again must complete it with exactly the orders of one clean run.
/// </summary>
public class IngestCrashTests : IDisposable
{
    private const long Rows = 30_000;
    private readonly string _folder = TestFolders.New("crash");
    private readonly string _file;
    private readonly long _expectedOrders;

    public IngestCrashTests()
    {
        _file = Path.Combine(_folder, "purchases.csv");
        var options = new GeneratorOptions(Rows, 9, GeneratorOptions.DefaultFrom, GeneratorOptions.DefaultTo, 0.02, false);
        using (var stream = File.Create(_file))
        using (var bad = new StreamWriter(_file + ".bad-rows.csv"))
        {
            new PurchaseFileGenerator(options).Generate(stream, bad);
        }

        _expectedOrders = Rows - File.ReadLines(_file + ".bad-rows.csv").Count() + 1;
    }

    [Theory]
    [InlineData("validated")]
    [InlineData("written")]
    [InlineData("published")]
    [InlineData("committed")]
    public async Task KilledAtAStep_ShouldLeaveAllOrNothingAndCompleteOnResend(string step)
    {
        var lake = Path.Combine(_folder, $"lake-{step}");

        var crashed = await Ingest(lake, crashAt: step);

        crashed.Code.Should().NotBe(0, "the process was killed");
        var visible = OrdersInLake(lake);
        visible.Should().Be(step == "committed" ? _expectedOrders : 0, "a batch is visible whole or not at all");

        var resent = await Ingest(lake);

        resent.Code.Should().Be(0, resent.Output);
        OrdersInLake(lake).Should().Be(_expectedOrders);
        DistinctOrdersInLake(lake).Should().Be(_expectedOrders, "nothing is doubled");
    }

    [Fact]
    public async Task KilledAtArbitraryMoments_ShouldNeverShowAPartialBatch()
    {
        var lake = Path.Combine(_folder, "lake-random");
        foreach (var delayMs in new[] { 50, 300, 700, 1200 })
        {
            await Ingest(lake, killAfter: TimeSpan.FromMilliseconds(delayMs));
            OrdersInLake(lake).Should().BeOneOf(0, _expectedOrders);
        }

        (await Ingest(lake)).Code.Should().Be(0);
        OrdersInLake(lake).Should().Be(_expectedOrders);
        DistinctOrdersInLake(lake).Should().Be(_expectedOrders);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static long OrdersInLake(string lake) => Scalar(lake, "SELECT count(*) FROM purchases");

    private static long DistinctOrdersInLake(string lake) => Scalar(lake, "SELECT count(DISTINCT nk_ota_localizer_id) FROM purchases");

    private static long Scalar(string lake, string sql)
    {
        if (!Directory.Exists(lake))
        {
            return 0;
        }

        using var catalog = LocalCatalog.Open(new LakeLayout(lake)); // opening recovers, as a restarted service does
        using var command = catalog.Command(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(int Code, string Output)> Ingest(string lake, string? crashAt = null, TimeSpan? killAfter = null)
    {
        var environment = crashAt is null ? null : new Dictionary<string, string> { ["INACTIVE_CUSTOMERS_CRASH_AT"] = crashAt };
        var result = await Tool.RunAsync(["ingest", _file, "--lake", lake, "--json"], environment, killAfter);
        return (result.Code, result.Output);
    }
}
