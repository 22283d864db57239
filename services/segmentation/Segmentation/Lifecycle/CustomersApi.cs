using InactiveCustomers.Contracts;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Segmentation.Explain;
using InactiveCustomers.Segmentation.Rules;
using InactiveCustomers.Segmentation.Runs;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InactiveCustomers.Segmentation.Lifecycle;

/// <summary>GET /api/customers/{fk_contact}: the customer's row in the latest completed run and their lifecycle history.</summary>
public static class CustomersApi
{
    /// <summary>One lifecycle event as the history shows it.</summary>
    public sealed record LifecycleEntry(Guid EventId, string Type, DateTimeOffset StoredAt, string EpisodeKey, DateOnly InactiveSince, DateOnly? ReactivatedOn, Guid RunId, IReadOnlyList<string> Reasons);

    public sealed record CustomerView(CustomerSegment? Latest, Guid? RunId, IReadOnlyList<string> Reasons, IReadOnlyList<LifecycleEntry> History);

    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/customers").WithTags("Customers")
            .MapGet("/{customerId}", GetAsync)
            .WithSummary("A customer's row in the latest completed run, with reasons, and their whole lifecycle history");
        return app;
    }

    private static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> GetAsync(
        string customerId, SegmentationRunner runner, IDocumentStore store, LakeLayout lake, SegmentationRules rules, CancellationToken cancellationToken)
    {
        if (customerId.Length is 0 or > 128)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid customer id", detail: "fk_contact must be 1 to 128 characters");
        }

        var latest = await runner.LatestCompletedAsync(cancellationToken);
        SegmentedCustomer? row = null;
        if (latest?.SnapshotPath is { } snapshot)
        {
            using var reader = LakeReader.Open(lake, []);
            using var command = reader.Connection.CreateCommand();
            command.CommandText = $"SELECT * FROM read_parquet({LocalCatalog.Literal(lake.FullPath(snapshot))}) WHERE fk_contact = $id";
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("id", customerId));
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            row = await rows.ReadAsync(cancellationToken) ? SegmentedCustomer.Read(rows) : null;
        }

        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StableIds.CustomerStream(latest?.Generation ?? 0, customerId), token: cancellationToken);
        var history = events.Select(stored => stored.Data switch
        {
            CustomerBecameInactive e => new LifecycleEntry(stored.Id, nameof(CustomerBecameInactive), stored.Timestamp, e.EpisodeKey, e.InactiveSince, null, e.RunId, e.Reasons),
            CustomerReactivated e => new LifecycleEntry(stored.Id, nameof(CustomerReactivated), stored.Timestamp, e.EpisodeKey, e.InactiveSince, e.ReactivatedOn, e.RunId, e.Reasons),
            _ => null,
        }).OfType<LifecycleEntry>().ToList();

        if (row is null && history.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer",
                detail: latest is null ? "no segmentation run has completed yet" : $"customer {customerId} has no purchase in the run as of {latest.AsOf:yyyy-MM-dd}");
        }

        return TypedResults.Ok(new CustomerView(row?.Segment, latest?.RunId, row is null ? [] : Reasons.For(row.Segment, rules), history));
    }
}
