using System.Threading.Channels;
using DuckDB.NET.Data;
using InactiveCustomers.Contracts;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Segmentation.Explain;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.ServiceDefaults;
using Marten;
using Npgsql;

namespace InactiveCustomers.Segmentation.Lifecycle;

/// <summary>
/// Compares a run's snapshot with the open inactivity episodes in the event store and appends the transitions of
/// SEGMENTATION_RULES.md to the customers' streams: <see cref="CustomerBecameInactive"/> when an Inativo customer
/// has no open episode, <see cref="CustomerReactivated"/> when a customer with one is Ativo again.
/// The open episodes are read from the store itself and every event id is derived from its episode, so running the
/// same date again — after a success, a failure or a crash half-way — appends exactly what is still missing.
/// Customers stream through DuckDB and are appended in chunks: memory does not grow with the customer count.
/// </summary>
public sealed class LifecycleTransitions(IDocumentStore store, NpgsqlDataSource database, SegmentationRules rules)
{
    public const string BecameInactiveType = "customer_became_inactive_v1";
    public const string ReactivatedType = "customer_reactivated_v1";

    /// <summary>Events per database round trip.</summary>
    internal const int ChunkSize = 1000;

    private int _chunksStored;

    public async Task<(int BecameInactive, int Reactivated)> ApplyAsync(
        LakeReader lake, string snapshotFile, Guid runId, DateOnly asOf, int generation, CancellationToken cancellationToken)
    {
        _chunksStored = 0;
        await LoadOpenEpisodesAsync(lake.Connection, generation, cancellationToken);
        using var command = lake.Connection.CreateCommand();
        command.CommandText = TransitionsSql(snapshotFile, asOf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var chunks = Channel.CreateBounded<List<(string Stream, object Event, Guid Id)>>(2);
        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => WriteChunksAsync(chunks.Reader, cancellationToken), cancellationToken)).ToList();
        int became = 0, reactivated = 0;
        try
        {
            var chunk = new List<(string, object, Guid)>(ChunkSize);
            var transition = reader.GetOrdinal("transicao");
            var episodeKey = reader.GetOrdinal("chave_episodio");
            var episodeInactiveSince = reader.GetOrdinal("data_inatividade_episodio");
            var reactivatedOn = reader.GetOrdinal("compra_reativacao");
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = SegmentedCustomer.Read(reader);
                var customer = row.Segment;
                var stream = StableIds.CustomerStream(generation, customer.CustomerId);
                if (reader.GetString(transition) == "inativou")
                {
                    var key = StableIds.EpisodeKey(customer.CustomerId, customer.LastPurchase);
                    chunk.Add((stream, new CustomerBecameInactive
                    {
                        CustomerId = customer.CustomerId,
                        EpisodeKey = key,
                        InactiveSince = row.InactiveSince!.Value,
                        RunId = runId,
                        RuleSetVersion = row.RuleSetVersion,
                        Customer = customer,
                        Reasons = Reasons.For(customer, rules),
                    }, StableIds.BecameInactiveEvent(generation, key)));
                    became++;
                }
                else
                {
                    var key = reader.GetString(episodeKey);
                    var since = await reader.GetFieldValueAsync<DateOnly>(episodeInactiveSince, cancellationToken);
                    var on = await reader.IsDBNullAsync(reactivatedOn, cancellationToken) ? customer.LastPurchase : await reader.GetFieldValueAsync<DateOnly>(reactivatedOn, cancellationToken);
                    var days = Math.Max(0, on.DayNumber - since.DayNumber);
                    chunk.Add((stream, new CustomerReactivated
                    {
                        CustomerId = customer.CustomerId,
                        EpisodeKey = key,
                        InactiveSince = since,
                        ReactivatedOn = on,
                        DaysInactive = days,
                        RunId = runId,
                        RuleSetVersion = row.RuleSetVersion,
                        Customer = customer,
                        Reasons = Reasons.ForReactivation(customer, on, days, rules),
                    }, StableIds.ReactivatedEvent(generation, key)));
                    reactivated++;
                }

                if (chunk.Count == ChunkSize)
                {
                    await chunks.Writer.WriteAsync(chunk, cancellationToken);
                    chunk = new List<(string, object, Guid)>(ChunkSize);
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
            await Task.WhenAll(writers);
        }

        return (became, reactivated);
    }

    private async Task WriteChunksAsync(ChannelReader<List<(string Stream, object Event, Guid Id)>> chunks, CancellationToken cancellationToken)
    {
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken))
        {
            await using var session = store.LightweightSession();
            foreach (var (stream, data, id) in chunk)
            {
                var stored = session.Events.BuildEvent(data);
                stored.Id = id;
                session.Events.Append(stream, stored);
            }

            await session.SaveChangesAsync(cancellationToken);
            CrashPoints.Hit($"segment:lifecycle-chunk-{Interlocked.Increment(ref _chunksStored)}");
        }
    }

    /// <summary>
    /// Copies the generation's open episodes (customers whose latest event is CustomerBecameInactive) from PostgreSQL
    /// into the DuckDB table <c>episodios_abertos</c>.
    /// </summary>
    private async Task<int> LoadOpenEpisodesAsync(DuckDBConnection duck, int generation, CancellationToken cancellationToken)
    {
        using (var create = duck.CreateCommand())
        {
            create.CommandText = """
                CREATE OR REPLACE TABLE episodios_abertos (
                    fk_contact VARCHAR, chave_episodio VARCHAR, data_inatividade_episodio DATE, ultima_compra_episodio DATE)
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var schema = store.Options.Events.DatabaseSchemaName;
        var prefix = StableIds.CustomerStreamPrefix(generation);
        await using var query = database.CreateCommand($"""
            SELECT e.data ->> 'CustomerId', e.data ->> 'EpisodeKey', (e.data ->> 'InactiveSince')::date
            FROM {schema}.mt_streams s
            JOIN {schema}.mt_events e ON e.stream_id = s.id AND e.version = s.version
            WHERE s.id LIKE @prefix AND e.type = @type
            """);
        query.Parameters.AddWithValue("prefix", prefix + "%");
        query.Parameters.AddWithValue("type", BecameInactiveType);
        await using var rows = await query.ExecuteReaderAsync(cancellationToken);
        using var appender = duck.CreateAppender("episodios_abertos");
        var count = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            var key = rows.GetString(1);
            appender.CreateRow()
                .AppendValue(rows.GetString(0))
                .AppendValue(key)
                .AppendValue(await rows.GetFieldValueAsync<DateOnly>(2, cancellationToken))
                .AppendValue(DateOnly.ParseExact(key[(key.LastIndexOf(':') + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .EndRow();
            count++;
        }

        return count;
    }

    private static string TransitionsSql(string snapshotFile, DateOnly asOf) => $"""
        WITH transicoes AS (
            SELECT s.*, e.chave_episodio, e.data_inatividade_episodio, e.ultima_compra_episodio,
                   CASE WHEN e.fk_contact IS NULL THEN 'inativou' ELSE 'reativou' END AS transicao
            FROM read_parquet({LocalCatalog.Literal(snapshotFile)}) AS s
            LEFT JOIN episodios_abertos AS e USING (fk_contact)
            WHERE (e.fk_contact IS NULL AND s.status_cliente = 'Inativo')
               OR (e.fk_contact IS NOT NULL AND s.status_cliente = 'Ativo')
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
}
