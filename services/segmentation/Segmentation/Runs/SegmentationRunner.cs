using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Segmentation.Lifecycle;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.Segmentation.Views;
using Marten;
using InactiveCustomers.ServiceDefaults;
using Npgsql;

namespace InactiveCustomers.Segmentation.Runs;

/// <summary>
/// Runs the segmentation for a reference date: the rules' SQL over the committed purchases, written as a Parquet
/// snapshot to <c>curated/customer_segments/as_of=D/</c> (published whole or not at all), counted, compared with the
/// open inactivity episodes to store the lifecycle transitions, and recorded as the run's stream
/// (started → completed | failed). One run at a time, in this process and across processes (a PostgreSQL advisory
/// lock). A run's id is derived from its date, rules, lifecycle generation and the exact purchase files it reads,
/// so asking again for the same thing returns the completed run instead of doing it twice.
/// </summary>
public sealed class SegmentationRunner(
    IDocumentStore store,
    NpgsqlDataSource database,
    LakeLayout lake,
    SegmentationRules rules,
    LifecycleTransitions transitions,
    TimeProvider clock,
    ILogger<SegmentationRunner> logger)
{
    private const long AdvisoryLockKey = 0x5E6_0001;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<RunOutcome> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                return await RunLockedAsync(request, cancellationToken);
            }
            finally
            {
                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The latest completed run of the current lifecycle generation: what readers see.</summary>
    public async Task<SegmentationRun?> LatestCompletedAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var generation = (await session.LoadAsync<LifecycleState>(LifecycleState.StreamKey, cancellationToken))?.Generation ?? 0;
        return await LatestCompletedAsync(session, generation, cancellationToken);
    }

    /// <summary>The completed run of the current generation as of <paramref name="asOf"/>; with null, the latest.</summary>
    public async Task<SegmentationRun?> FindCompletedAsync(DateOnly? asOf, CancellationToken cancellationToken)
    {
        if (asOf is null)
        {
            return await LatestCompletedAsync(cancellationToken);
        }

        await using var session = store.QuerySession();
        var generation = (await session.LoadAsync<LifecycleState>(LifecycleState.StreamKey, cancellationToken))?.Generation ?? 0;
        return await session.Query<SegmentationRun>()
            .Where(run => run.Generation == generation && run.Status == SegmentationRun.Completed && run.AsOf == asOf.Value)
            .OrderByDescending(run => run.CompletedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<SegmentationRun?> FindAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<SegmentationRun>(StableIds.RunStream(runId), cancellationToken);
    }

    /// <summary>The runs, newest reference date first.</summary>
    public async Task<IReadOnlyList<SegmentationRun>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<SegmentationRun>().OrderByDescending(run => run.AsOf).ThenByDescending(run => run.StartedAt).Take(limit).ToListAsync(cancellationToken);
    }

    private static Task<SegmentationRun?> LatestCompletedAsync(IQuerySession session, int generation, CancellationToken cancellationToken) =>
        session.Query<SegmentationRun>()
            .Where(run => run.Generation == generation && run.Status == SegmentationRun.Completed)
            .OrderByDescending(run => run.AsOf).ThenByDescending(run => run.CompletedAt)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Plans a run without starting it: its date (the latest purchase when not given), id and pinned inputs; refused
    /// when it would go back in time without a rebuild, or when there is nothing to segment.
    /// </summary>
    public async Task<RunPlan> PlanAsync(RunRequest request, CancellationToken cancellationToken)
    {
        using var reader = LakeReader.Open(lake, request.PurchaseFiles);
        await using var session = store.QuerySession();
        return await PlanAsync(request, reader, session, cancellationToken);
    }

    private async Task<RunPlan> PlanAsync(RunRequest request, LakeReader reader, IQuerySession session, CancellationToken cancellationToken)
    {
        var asOf = request.AsOf ?? LatestPurchaseDate(reader)
            ?? throw new RunRefusedException("there are no purchases in the lake yet: ingest a purchase file first (inactive-customers ingest FILE)");
        var generation = (await session.LoadAsync<LifecycleState>(LifecycleState.StreamKey, cancellationToken))?.Generation ?? 0;
        if (request.Rebuild)
        {
            generation++;
        }
        else if (await LatestCompletedAsync(session, generation, cancellationToken) is { } last && asOf < last.AsOf)
        {
            throw new RunRefusedException(
                $"as of {asOf:yyyy-MM-dd} is earlier than the last completed run ({last.AsOf:yyyy-MM-dd}, run {last.RunId}): runs go forward in time. " +
                "To replay history from an earlier date, ask for a lifecycle rebuild (segment --rebuild, or \"rebuild\": true).");
        }

        var runId = RunId(asOf, generation, CustomerSegmentsSql.For(asOf, rules), reader.PurchaseFiles);
        return new RunPlan(runId, asOf, generation, request with { PurchaseFiles = reader.PurchaseFiles });
    }

    private async Task<RunOutcome> RunLockedAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        using var reader = LakeReader.Open(lake, request.PurchaseFiles);
        await using var session = store.LightweightSession();
        var (runId, asOf, generation, _) = await PlanAsync(request, reader, session, cancellationToken);
        if (request.Rebuild)
        {
            session.Events.Append(LifecycleState.StreamKey, new LifecycleRebuilt(generation, asOf, clock.GetUtcNow()));
            RemoveSnapshotsAfter(asOf);
        }

        var sql = CustomerSegmentsSql.For(asOf, rules);
        var stream = StableIds.RunStream(runId);
        var earlier = await session.LoadAsync<SegmentationRun>(stream, cancellationToken);
        if (earlier is { Status: SegmentationRun.Completed })
        {
            return new RunOutcome(earlier, AlreadyCompleted: true);
        }

        // An earlier attempt that crashed or failed may have stored some of the run's transitions: they count for it.
        long? earlierAttemptsFrom = earlier is null
            ? null
            : (await session.Events.FetchStreamAsync(stream, token: cancellationToken))[0].Sequence;

        var startedAt = clock.GetUtcNow();
        session.Events.Append(stream, new SegmentationRunStarted(runId, asOf, rules.Version, generation, request.Trigger, reader.PurchaseFiles.Count, startedAt));
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Segmentation run {RunId} as of {AsOf} started ({Trigger}, generation {Generation})", runId, asOf, request.Trigger, generation);

        try
        {
            var timings = new Dictionary<string, long>();
            var step = Stopwatch.StartNew();
            var snapshot = WriteSnapshot(reader, sql, asOf, runId);
            timings["snapshot"] = step.ElapsedMilliseconds;
            CrashPoints.Hit("segment:snapshot");

            step.Restart();
            var counts = Count(reader, lake.FullPath(snapshot));
            timings["counts"] = step.ElapsedMilliseconds;

            step.Restart();
            var (became, reactivated) = await transitions.ApplyAsync(reader, lake.FullPath(snapshot), runId, asOf, generation, earlierAttemptsFrom, cancellationToken);
            timings["lifecycle"] = step.ElapsedMilliseconds;
            CrashPoints.Hit("segment:lifecycle");

            timings["total"] = total.ElapsedMilliseconds;
            var succeeded = new SegmentationRunSucceeded(runId, asOf, rules.Version, startedAt, snapshot, counts, became, reactivated, timings, clock.GetUtcNow());
            await using var finish = store.LightweightSession();
            finish.Events.Append(stream, succeeded);
            await finish.SaveChangesAsync(cancellationToken);
            CrashPoints.Hit("segment:succeeded");

            // The BI database follows the latest completed run; it is rebuilt from the runs, so a failure here only delays it.
            await RefreshBiViewsAsync(cancellationToken);
            RemoveOtherSnapshots(asOf, snapshot);
            logger.LogInformation(
                "Segmentation run {RunId} as of {AsOf} completed: {Customers} customers, {BecameInactive} became inactive, {Reactivated} reactivated in {ElapsedMs} ms",
                runId, asOf, counts.Customers, became, reactivated, total.ElapsedMilliseconds);
            return new RunOutcome((await FindAsync(runId, cancellationToken))!, AlreadyCompleted: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Segmentation run {RunId} as of {AsOf} failed", runId, asOf);
            await using var fail = store.LightweightSession();
            fail.Events.Append(stream, new SegmentationRunFailed(runId, e.Message, clock.GetUtcNow()));
            await fail.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Rewrites the BI database's views over the latest completed run and the purchases.</summary>
    public async Task RefreshBiViewsAsync(CancellationToken cancellationToken)
    {
        var latest = await LatestCompletedAsync(cancellationToken);
        try
        {
            BiViews.WriteDatabase(lake, latest?.SnapshotPath);
        }
        catch (Exception e) when (e is IOException or DuckDB.NET.Data.DuckDBException)
        {
            logger.LogWarning(e, "The BI database {File} could not be rewritten (is it open in another program?)", lake.BiCatalogFile);
        }
    }

    private static DateOnly? LatestPurchaseDate(LakeReader reader)
    {
        using var command = reader.Connection.CreateCommand();
        command.CommandText = "SELECT max(date_purchase) FROM purchases";
        var value = command.ExecuteScalar();
        return value is DateOnly date ? date : value is DateTime time ? DateOnly.FromDateTime(time) : null;
    }

    private static Guid RunId(DateOnly asOf, int generation, string sql, IReadOnlyList<string> files)
    {
        var inputs = SHA256.HashData(Encoding.UTF8.GetBytes(sql + "\n" + string.Join("\n", files)));
        return StableIds.From($"run:{asOf:yyyy-MM-dd}:g{generation}:{Convert.ToHexStringLower(inputs)}");
    }

    private string WriteSnapshot(LakeReader reader, string sql, DateOnly asOf, Guid runId)
    {
        Directory.CreateDirectory(lake.SegmentationWorkFolder);
        var work = Path.Combine(lake.SegmentationWorkFolder, $"{runId}.parquet");
        File.Delete(work);
        reader.Execute($"COPY (SELECT * FROM ({sql}) AS segmentos ORDER BY fk_contact) TO {LocalCatalog.Literal(work)} (FORMAT parquet, COMPRESSION zstd)");
        var target = LakeLayout.CustomerSegments(asOf, runId);
        lake.Publish(work, target);
        return target;
    }

    private static RunCounts Count(LakeReader reader, string snapshotFile)
    {
        using var command = reader.Connection.CreateCommand();
        command.CommandText = $"""
            WITH s AS (SELECT * FROM read_parquet({LocalCatalog.Literal(snapshotFile)}))
            SELECT 'status', status_cliente, count(*) FROM s GROUP BY ALL
            UNION ALL SELECT 'perfil', perfil_cliente, count(*) FROM s GROUP BY ALL
            UNION ALL SELECT 'potencial', potencial_cliente, count(*) FROM s GROUP BY ALL
            UNION ALL SELECT 'segmento', segmento_viajante, count(*) FROM s GROUP BY ALL
            ORDER BY 1, 2
            """;
        var groups = new Dictionary<string, Dictionary<string, int>>
        {
            ["status"] = [], ["perfil"] = [], ["potencial"] = [], ["segmento"] = [],
        };
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            groups[rows.GetString(0)][rows.GetString(1)] = (int)rows.GetInt64(2);
        }

        return new RunCounts(groups["status"].Values.Sum(), groups["status"], groups["perfil"], groups["potencial"], groups["segmento"]);
    }

    // A rebuild replays history from asOf: the snapshots the previous generation wrote for later dates are not part of
    // it, and would read as the latest partition in Athena until the replay writes its own.
    private void RemoveSnapshotsAfter(DateOnly asOf)
    {
        var root = lake.FullPath(LakeLayout.CuratedCustomerSegments);
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var partition in Directory.EnumerateDirectories(root, "as_of=*"))
        {
            if (DateOnly.TryParseExact(Path.GetFileName(partition)["as_of=".Length..], "yyyy-MM-dd", out var date) && date > asOf)
            {
                Directory.Delete(partition, recursive: true);
            }
        }
    }

    // Earlier runs for the same date (before new orders for it landed) leave the partition: it holds one run, as
    // Athena reads a partition whole.
    private void RemoveOtherSnapshots(DateOnly asOf, string keep)
    {
        var folder = lake.FullPath(LakeLayout.CustomerSegmentsPartition(asOf));
        var kept = lake.FullPath(keep);
        foreach (var file in Directory.EnumerateFiles(folder, "*.parquet").Where(file => file != kept))
        {
            File.Delete(file);
        }
    }
}
