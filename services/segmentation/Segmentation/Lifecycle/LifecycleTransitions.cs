using System.Threading.Channels;
using DuckDB.NET.Data;
using InactiveCustomers.Contracts;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Segmentation.Explain;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace InactiveCustomers.Segmentation.Lifecycle;

/// <summary>
/// Compares a run's snapshot with the customers' streams in the event store and appends the transitions of
/// SEGMENTATION_RULES.md: <see cref="CustomerBecameInactive"/> when an Inativo customer has no open episode,
/// <see cref="CustomerReactivated"/> when a customer with one is Ativo again.
/// The open episodes are read from the store itself and every event id is derived from its episode, so running the
/// same date again — after a success, a failure or a crash half-way — appends exactly what is still missing.
/// Customers stream through DuckDB and are stored in chunks, each in one transaction: memory does not grow with the
/// customer count. A customer's first episode starts their stream, and those (nearly all events of a first run) go
/// in with PostgreSQL's COPY through Marten's bulk event insert; events of existing streams are appended as usual.
/// One chunk is written at a time, so event sequence numbers become visible in order and the relay skips none.
/// </summary>
public sealed class LifecycleTransitions(IDocumentStore store, NpgsqlDataSource database, SegmentationRules rules)
{
    public const string BecameInactiveType = "customer_became_inactive_v1";
    public const string ReactivatedType = "customer_reactivated_v1";

    /// <summary>Events per transaction.</summary>
    internal const int ChunkSize = 2000;

    private int _chunksStored;

    /// <summary>
    /// Stores the transitions of <paramref name="runId"/> still missing and returns how many of each the run has in
    /// the store, counting those an earlier attempt of the same run stored before it crashed (events after
    /// <paramref name="earlierAttemptsFrom"/>, the sequence number of its first start; null on a first attempt).
    /// </summary>
    public async Task<(int BecameInactive, int Reactivated)> ApplyAsync(
        LakeReader lake, string snapshotFile, Guid runId, DateOnly asOf, int generation, long? earlierAttemptsFrom, CancellationToken cancellationToken)
    {
        _chunksStored = 0;
        await LoadStreamsAsync(lake.Connection, generation, cancellationToken);
        var (earlierBecame, earlierReactivated) = earlierAttemptsFrom is { } since
            ? await CountStoredAsync(runId, since, cancellationToken)
            : (0, 0);

        using var command = lake.Connection.CreateCommand();
        command.CommandText = TransitionsSql(snapshotFile, asOf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await using var builder = store.LightweightSession(); // builds events with their stored type names, saves nothing
        var events = builder.Events;

        // Reading and building events on one core while the database takes the previous chunk on the other.
        var chunks = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(() => WriteChunksAsync(chunks.Reader, cancellationToken), cancellationToken);
        int became = 0, reactivated = 0;
        try
        {
            var chunk = new Chunk();
            var transition = reader.GetOrdinal("transicao");
            var hasStream = reader.GetOrdinal("tem_fluxo");
            var episodeKey = reader.GetOrdinal("chave_episodio");
            var episodeInactiveSince = reader.GetOrdinal("data_inatividade_episodio");
            var reactivatedOn = reader.GetOrdinal("compra_reativacao");
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = SegmentedCustomer.Read(reader);
                var customer = row.Segment;
                var stream = StableIds.CustomerStream(generation, customer.CustomerId);
                IEvent stored;
                if (reader.GetString(transition) == "inativou")
                {
                    var key = StableIds.EpisodeKey(customer.CustomerId, customer.LastPurchase);
                    stored = events.BuildEvent(new CustomerBecameInactive
                    {
                        CustomerId = customer.CustomerId,
                        EpisodeKey = key,
                        InactiveSince = row.InactiveSince!.Value,
                        RunId = runId,
                        RuleSetVersion = row.RuleSetVersion,
                        Customer = customer,
                        Reasons = Reasons.For(customer, rules),
                    });
                    stored.Id = StableIds.BecameInactiveEvent(generation, key);
                    became++;
                }
                else
                {
                    var key = reader.GetString(episodeKey);
                    var inactiveSince = await reader.GetFieldValueAsync<DateOnly>(episodeInactiveSince, cancellationToken);
                    var on = await reader.IsDBNullAsync(reactivatedOn, cancellationToken) ? customer.LastPurchase : await reader.GetFieldValueAsync<DateOnly>(reactivatedOn, cancellationToken);
                    var days = Math.Max(0, on.DayNumber - inactiveSince.DayNumber);
                    stored = events.BuildEvent(new CustomerReactivated
                    {
                        CustomerId = customer.CustomerId,
                        EpisodeKey = key,
                        InactiveSince = inactiveSince,
                        ReactivatedOn = on,
                        DaysInactive = days,
                        RunId = runId,
                        RuleSetVersion = row.RuleSetVersion,
                        Customer = customer,
                        Reasons = Reasons.ForReactivation(customer, on, days, rules),
                    });
                    stored.Id = StableIds.ReactivatedEvent(generation, key);
                    reactivated++;
                }

                if (reader.GetBoolean(hasStream))
                {
                    chunk.Appends.Add((stream, stored));
                }
                else
                {
                    chunk.Starts.Add(StreamAction.Start(stream, [stored]));
                }

                if (chunk.Count == ChunkSize)
                {
                    await chunks.Writer.WriteAsync(chunk, cancellationToken);
                    chunk = new Chunk();
                }
            }

            if (chunk.Count > 0)
            {
                await chunks.Writer.WriteAsync(chunk, cancellationToken);
            }
        }
        finally
        {
            chunks.Writer.TryComplete();
            await writer;
        }

        return (earlierBecame + became, earlierReactivated + reactivated);
    }

    private async Task WriteChunksAsync(ChannelReader<Chunk> chunks, CancellationToken cancellationToken)
    {
        var written = 0;
        var analyzeAt = ChunkSize;
        var analyzing = Task.CompletedTask;
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken))
        {
            if (chunk.Starts.Count > 0)
            {
                await store.BulkInsertEventsAsync(chunk.Starts, ChunkSize, cancellationToken);
                CrashPoints.Hit($"segment:lifecycle-chunk-{Interlocked.Increment(ref _chunksStored)}");
            }

            if (chunk.Appends.Count > 0)
            {
                await using var session = store.LightweightSession();
                foreach (var (stream, stored) in chunk.Appends)
                {
                    session.Events.Append(stream, stored);
                }

                await session.SaveChangesAsync(cancellationToken);
                CrashPoints.Hit($"segment:lifecycle-chunk-{Interlocked.Increment(ref _chunksStored)}");
            }

            // Whenever the run has doubled what it wrote, and at its end, the planner learns the tables' new size:
            // autovacuum's own ANALYZE comes late after a bulk load. Until then PostgreSQL plans the relay's page query
            // (a range of events joined to their streams, LIMIT one page) as if the range held a few rows — sorting
            // everything after the page instead of reading one page in order: measured 0.5–1.9 s a page, not 0.05 s.
            written += chunk.Starts.Count + chunk.Appends.Count;
            // On its own connection, beside the next chunks (it takes up to a second or so at 250k events).
            if (written >= analyzeAt && analyzing.IsCompleted)
            {
                await analyzing;
                analyzing = AnalyzeAsync(cancellationToken);
                analyzeAt = written * 2;
            }
        }

        await analyzing;
        if (written > 0)
        {
            await AnalyzeAsync(cancellationToken);
        }
    }

    private async Task AnalyzeAsync(CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var analyze = database.CreateCommand($"ANALYZE {schema}.mt_streams (id, version), {schema}.mt_events (seq_id, stream_id, version, type, is_archived)");
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Copies the generation's customer streams from PostgreSQL into the DuckDB table <c>fluxos_clientes</c>: every
    /// customer with a stream, and for those whose latest event is CustomerBecameInactive, the open episode.
    /// </summary>
    private async Task LoadStreamsAsync(DuckDBConnection duck, int generation, CancellationToken cancellationToken)
    {
        using (var create = duck.CreateCommand())
        {
            create.CommandText = """
                CREATE OR REPLACE TABLE fluxos_clientes (
                    fk_contact VARCHAR, chave_episodio VARCHAR, data_inatividade_episodio DATE, ultima_compra_episodio DATE)
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var schema = store.Options.Events.DatabaseSchemaName;
        var prefix = StableIds.CustomerStreamPrefix(generation);
        await using var query = database.CreateCommand($"""
            SELECT substr(s.id, @skip), e.data ->> 'EpisodeKey', (e.data ->> 'InactiveSince')::date
            FROM {schema}.mt_streams s
            LEFT JOIN {schema}.mt_events e ON e.stream_id = s.id AND e.version = s.version AND e.type = @type
            WHERE s.id LIKE @prefix
            """);
        query.Parameters.AddWithValue("skip", prefix.Length + 1);
        query.Parameters.AddWithValue("prefix", prefix + "%");
        query.Parameters.AddWithValue("type", BecameInactiveType);
        await using var rows = await query.ExecuteReaderAsync(cancellationToken);
        using var appender = duck.CreateAppender("fluxos_clientes");
        while (await rows.ReadAsync(cancellationToken))
        {
            var row = appender.CreateRow().AppendValue(rows.GetString(0));
            if (await rows.IsDBNullAsync(1, cancellationToken))
            {
                row.AppendNullValue().AppendNullValue().AppendNullValue().EndRow();
                continue;
            }

            var key = rows.GetString(1);
            row.AppendValue(key)
                .AppendValue(await rows.GetFieldValueAsync<DateOnly>(2, cancellationToken))
                .AppendValue(DateOnly.ParseExact(key[(key.LastIndexOf(':') + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .EndRow();
        }
    }

    /// <summary>The transitions of <paramref name="runId"/> already stored by earlier attempts (events after <paramref name="since"/>).</summary>
    private async Task<(int BecameInactive, int Reactivated)> CountStoredAsync(Guid runId, long since, CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var query = database.CreateCommand($"""
            SELECT count(*) FILTER (WHERE type = @became), count(*) FILTER (WHERE type = @reactivated)
            FROM {schema}.mt_events
            WHERE seq_id > @since AND type IN (@became, @reactivated) AND data ->> 'RunId' = @run
            """);
        query.Parameters.AddWithValue("since", since);
        query.Parameters.AddWithValue("became", BecameInactiveType);
        query.Parameters.AddWithValue("reactivated", ReactivatedType);
        query.Parameters.AddWithValue("run", runId.ToString());
        await using var rows = await query.ExecuteReaderAsync(cancellationToken);
        await rows.ReadAsync(cancellationToken);
        return ((int)rows.GetInt64(0), (int)rows.GetInt64(1));
    }

    private static string TransitionsSql(string snapshotFile, DateOnly asOf) => $"""
        WITH transicoes AS (
            SELECT s.*, f.chave_episodio, f.data_inatividade_episodio, f.ultima_compra_episodio,
                   f.fk_contact IS NOT NULL AS tem_fluxo,
                   CASE WHEN f.chave_episodio IS NULL THEN 'inativou' ELSE 'reativou' END AS transicao
            FROM read_parquet({LocalCatalog.Literal(snapshotFile)}) AS s
            LEFT JOIN fluxos_clientes AS f USING (fk_contact)
            WHERE (f.chave_episodio IS NULL AND s.status_cliente = 'Inativo')
               OR (f.chave_episodio IS NOT NULL AND s.status_cliente = 'Ativo')
        ),
        reativacoes AS (
            -- The purchase that ended the episode: the first after the last purchase the episode started from.
            SELECT t.fk_contact, min(p.date_purchase) AS compra_reativacao
            FROM transicoes AS t
            JOIN purchases AS p
              ON p.fk_contact = t.fk_contact
             AND p.date_purchase > t.ultima_compra_episodio
             AND p.date_purchase <= DATE '{asOf:yyyy-MM-dd}'
             AND p.gmv_success > 0
             AND p.total_tickets_quantity_success > 0
            WHERE t.transicao = 'reativou'
            GROUP BY t.fk_contact
        )
        SELECT t.*, r.compra_reativacao
        FROM transicoes AS t
        LEFT JOIN reativacoes AS r USING (fk_contact)
        ORDER BY t.fk_contact
        """;

    private sealed class Chunk
    {
        public List<StreamAction> Starts { get; } = [];

        public List<(string Stream, IEvent Event)> Appends { get; } = [];

        public int Count => Starts.Count + Appends.Count;
    }
}
