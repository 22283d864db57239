using System.Text.Json;
using InactiveCustomers.TestSupport;
using Npgsql;

namespace InactiveCustomers.Cli.Tests;

/// <summary>
/// Kill `segment` at each step of a run, and at arbitrary moments, then run it again: the store must end with exactly
/// the lifecycle events of one clean run — the same ids, none twice — and the run must report the same counts.
/// </summary>
public sealed class SegmentCrashTests(SegmentedLake lakes) : IClassFixture<SegmentedLake>, IDisposable
{
    private const string FirstDate = "2023-06-30";
    private const string SecondDate = "2024-03-31";
    private readonly string _folder = TestFolders.New("segment-crash");

    [Theory]
    [InlineData("segment:snapshot")]
    [InlineData("segment:lifecycle-chunk-1")]
    [InlineData("segment:lifecycle-chunk-2")]
    [InlineData("segment:lifecycle")]
    [InlineData("segment:succeeded")]
    public async Task KilledAtAStepOfTheFirstRun_ShouldEndWithTheEventsOfOneCleanRun(string point)
    {
        var clean = await CleanAsync(FirstDate);
        var (lake, environment) = await lakes.NewAsync(_folder);

        var crashed = await Segment(lake, environment, FirstDate, crashAt: point);

        crashed.Code.Should().NotBe(0, "the process was killed");
        var rerun = await Segment(lake, environment, FirstDate);
        rerun.Code.Should().Be(0, rerun.Output);
        (await EventsAsync(environment)).Should().BeEquivalentTo(clean.Events);
        Counts(rerun).Should().Be(clean.Counts);
    }

    [Theory]
    [InlineData("segment:lifecycle-chunk-1")]
    [InlineData("segment:succeeded")]
    public async Task KilledDuringALaterRun_ShouldEndWithTheEventsOfCleanRuns(string point)
    {
        var (cleanLake, cleanEnvironment) = await lakes.NewAsync(_folder);
        (await Segment(cleanLake, cleanEnvironment, FirstDate)).Code.Should().Be(0);
        var cleanSecond = await Segment(cleanLake, cleanEnvironment, SecondDate);
        var cleanEvents = await EventsAsync(cleanEnvironment);
        Counts(cleanSecond).Reactivated.Should().BeGreaterThan(0, "the later run closes episodes too");
        var (lake, environment) = await lakes.NewAsync(_folder);
        (await Segment(lake, environment, FirstDate)).Code.Should().Be(0);

        var crashed = await Segment(lake, environment, SecondDate, crashAt: point);

        crashed.Code.Should().NotBe(0, "the process was killed");
        var rerun = await Segment(lake, environment, SecondDate);
        rerun.Code.Should().Be(0, rerun.Output);
        (await EventsAsync(environment)).Should().BeEquivalentTo(cleanEvents);
        Counts(rerun).Should().Be(Counts(cleanSecond));
    }

    [Fact]
    public async Task KilledAtArbitraryMoments_ShouldEndWithTheEventsOfOneCleanRun()
    {
        var clean = await CleanAsync(FirstDate);
        var (lake, environment) = await lakes.NewAsync(_folder);
        foreach (var delayMs in new[] { 1500, 2500, 3500 })
        {
            await Segment(lake, environment, FirstDate, killAfter: TimeSpan.FromMilliseconds(delayMs));
            (await EventsAsync(environment)).Should().OnlyHaveUniqueItems().And.BeSubsetOf(clean.Events);
        }

        var rerun = await Segment(lake, environment, FirstDate);

        rerun.Code.Should().Be(0, rerun.Output);
        (await EventsAsync(environment)).Should().BeEquivalentTo(clean.Events);
        Counts(rerun).Should().Be(clean.Counts);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(List<(Guid, string, string)> Events, RunCounts Counts)> CleanAsync(string asOf)
    {
        var (lake, environment) = await lakes.NewAsync(_folder);
        var run = await Segment(lake, environment, asOf);
        run.Code.Should().Be(0, run.Output);
        var events = await EventsAsync(environment);
        events.Count.Should().BeGreaterThan(2 * 2000, "enough transitions for several chunks");
        return (events, Counts(run));
    }

    private static Task<Tool.Result> Segment(string lake, Dictionary<string, string> environment, string asOf, string? crashAt = null, TimeSpan? killAfter = null)
    {
        var withCrash = new Dictionary<string, string>(environment);
        if (crashAt is not null)
        {
            withCrash["INACTIVE_CUSTOMERS_CRASH_AT"] = crashAt;
        }

        return Tool.RunAsync(["segment", "--lake", lake, "--as-of", asOf, "--json"], withCrash, killAfter);
    }

    private sealed record RunCounts(string RunId, int Customers, int BecameInactive, int Reactivated, string ByStatus);

    private static RunCounts Counts(Tool.Result run)
    {
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        return new RunCounts(json.GetProperty("runId").GetString()!, json.GetProperty("customers").GetInt32(),
            json.GetProperty("becameInactive").GetInt32(), json.GetProperty("reactivated").GetInt32(), json.GetProperty("byStatus").GetRawText());
    }

    /// <summary>The lifecycle events stored: (id, stream, type).</summary>
    private static async Task<List<(Guid, string, string)>> EventsAsync(Dictionary<string, string> environment)
    {
        await using var connection = new NpgsqlConnection(environment["ConnectionStrings__Postgres"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, stream_id, type FROM segmentation.mt_events WHERE type IN ('customer_became_inactive_v1', 'customer_reactivated_v1')", connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var events = new List<(Guid, string, string)>();
            while (await reader.ReadAsync())
            {
                events.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
            }

            return events;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return []; // killed before the event store was created
        }
    }
}
