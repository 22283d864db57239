using Npgsql;

namespace InactiveCustomers.Segmentation.Tests;

/// <summary>What the event store holds of the customers' lifecycle, read straight from its table.</summary>
internal static class StoredLifecycleEvents
{
    /// <summary>Every lifecycle event in the store: (event id, stream, type), in the order stored.</summary>
    public static async Task<List<(Guid Id, string Stream, string Type)>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, stream_id, type FROM segmentation.mt_events WHERE type IN ('customer_became_inactive_v1', 'customer_reactivated_v1') ORDER BY seq_id",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(Guid, string, string)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }

        return events;
    }
}
