using InactiveCustomers.Contracts;
using InactiveCustomers.Reengagement.Data;
using Npgsql;
using NpgsqlTypes;

namespace InactiveCustomers.Reengagement.Targets;

/// <summary>
/// Stores lifecycle events as targets, a batch per statement (arrays unnested into one INSERT), keyed on the
/// episode so that however often an event arrives it is one target:
/// <list type="bullet">
/// <item>CustomerBecameInactive inserts a Pending target, or nothing when the episode is known — also when its
/// CustomerReactivated came first, so a late inactivity never reopens a closed episode;</item>
/// <item>CustomerReactivated closes the episode's target (Reactivated, with the date), inserting it closed when the
/// inactivity has not arrived yet.</item>
/// </list>
/// A customer on the suppression list gets their targets suppressed as they arrive.
/// </summary>
public sealed class TargetWriter(NpgsqlDataSource database, TimeProvider clock)
{
    private const char ReasonSeparator = '\u001f';
    private const string Table = ReengagementDb.Schema + ".campaign_targets";
    private const string Suppressions = ReengagementDb.Schema + ".suppressions";

    private const string Columns =
        "customer_id, episode_key, perfil_cliente, potencial_cliente, segmento_viajante, valor_total_gasto, last_purchase, " +
        "inactive_since, reasons, status, suppressed, reactivated_on, run_id, rule_set_version, created_at, updated_at";

    private const string Select = $"""
        SELECT e.customer_id, e.episode_key, e.perfil, e.potencial, e.segmento, e.valor, e.last_purchase,
               e.inactive_since, string_to_array(e.reasons, E'\x1f'), @status,
               EXISTS (SELECT 1 FROM {Suppressions} s WHERE s.customer_id = e.customer_id), e.reactivated_on,
               e.run_id, e.rule_set_version, @now, @now
        FROM unnest(@customer_ids, @episode_keys, @perfis, @potenciais, @segmentos, @valores, @last_purchases,
                    @inactive_since, @reasons, @reactivated_on, @run_ids, @rule_set_versions)
             AS e(customer_id, episode_key, perfil, potencial, segmento, valor, last_purchase,
                  inactive_since, reasons, reactivated_on, run_id, rule_set_version)
        """;

    /// <summary>Inserts the episodes not known yet as Pending targets; returns how many were new.</summary>
    public Task<int> AddInactiveAsync(IReadOnlyCollection<CustomerBecameInactive> events, CancellationToken cancellationToken) =>
        WriteAsync(
            $"INSERT INTO {Table} ({Columns}) {Select} ON CONFLICT (episode_key) DO NOTHING",
            TargetStatus.Pending,
            [.. events.DistinctBy(e => e.EpisodeKey).Select(e => new Row(e.CustomerId, e.EpisodeKey, e.Customer, EpisodeLastPurchase(e.EpisodeKey), e.InactiveSince, e.Reasons, null, e.RunId, e.RuleSetVersion))],
            cancellationToken);

    /// <summary>Closes the episodes' targets as Reactivated (inserting them closed if unknown); returns how many changed.</summary>
    public Task<int> CloseReactivatedAsync(IReadOnlyCollection<CustomerReactivated> events, CancellationToken cancellationToken) =>
        WriteAsync(
            $"""
            INSERT INTO {Table} AS t ({Columns}) {Select}
            ON CONFLICT (episode_key) DO UPDATE
                SET status = EXCLUDED.status, reactivated_on = EXCLUDED.reactivated_on, updated_at = EXCLUDED.updated_at
                WHERE t.status <> EXCLUDED.status
            """,
            TargetStatus.Reactivated,
            [.. events.DistinctBy(e => e.EpisodeKey).Select(e => new Row(e.CustomerId, e.EpisodeKey, e.Customer, EpisodeLastPurchase(e.EpisodeKey), e.InactiveSince, e.Reasons, e.ReactivatedOn, e.RunId, e.RuleSetVersion))],
            cancellationToken);

    // The episode key ends with the last purchase at the episode's start (LifecycleEventCheck made sure of it).
    private static DateOnly EpisodeLastPurchase(string episodeKey) =>
        DateOnly.ParseExact(episodeKey[(episodeKey.LastIndexOf(':') + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> WriteAsync(string sql, TargetStatus status, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("status", status.ToString());
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        Add(command, "customer_ids", rows.Select(r => r.CustomerId));
        Add(command, "episode_keys", rows.Select(r => r.EpisodeKey));
        Add(command, "perfis", rows.Select(r => r.Customer.Profile));
        Add(command, "potenciais", rows.Select(r => r.Customer.Potential));
        Add(command, "segmentos", rows.Select(r => r.Customer.TravellerSegment));
        Add(command, "valores", rows.Select(r => r.Customer.TotalSpent));
        Add(command, "last_purchases", rows.Select(r => r.LastPurchase));
        Add(command, "inactive_since", rows.Select(r => r.InactiveSince));
        Add(command, "reasons", rows.Select(r => string.Join(ReasonSeparator, r.Reasons)));
        command.Parameters.Add(new NpgsqlParameter("reactivated_on", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = rows.Select(r => r.ReactivatedOn).ToArray() });
        Add(command, "run_ids", rows.Select(r => r.RunId));
        Add(command, "rule_set_versions", rows.Select(r => r.RuleSetVersion));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, string name, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, values.ToArray()));

    private sealed record Row(
        string CustomerId, string EpisodeKey, CustomerSegment Customer, DateOnly LastPurchase, DateOnly InactiveSince,
        IReadOnlyList<string> Reasons, DateOnly? ReactivatedOn, Guid RunId, string RuleSetVersion);
}
