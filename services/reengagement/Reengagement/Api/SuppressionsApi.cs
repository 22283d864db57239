using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.Reengagement.Targets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InactiveCustomers.Reengagement.Api;

/// <summary>
/// Opt-outs (LGPD, the right to object): a suppressed customer disappears from targets, exports and campaigns at
/// once, and their targets that arrive later arrive suppressed.
/// </summary>
public static class SuppressionsApi
{
    /// <summary>Body of POST /api/suppressions: only these fields are read.</summary>
    public sealed record SuppressionRequest(string? CustomerId, string? Reason);

    public sealed record SuppressionView(string CustomerId, string? Reason, DateTimeOffset CreatedAt, int TargetsSuppressed);

    public static IEndpointRouteBuilder MapSuppressionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/suppressions").WithTags("Suppressions").RequireRateLimiting(Security.RateLimitPolicy).RequireAuthorization(Security.Write);
        api.MapPost("/", AddAsync).WithSummary("The customer objected: suppress them now and from now on");
        api.MapDelete("/{customerId}", RemoveAsync).WithSummary("Lift a suppression: the customer's targets are shown again");
        return app;
    }

    private static async Task<Results<Created<SuppressionView>, Ok<SuppressionView>, ValidationProblem>> AddAsync(
        SuppressionRequest? request, ReengagementDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var customerId = request?.CustomerId?.Trim();
        if (string.IsNullOrEmpty(customerId) || customerId.Length > 64)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["customerId"] = ["is required: the customer's fk_contact (up to 64 characters)"] });
        }

        if (request!.Reason is { Length: > 200 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is longer than 200 characters"] });
        }

        var existing = await db.Suppressions.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == customerId, cancellationToken);
        var suppression = existing ?? new Suppression { CustomerId = customerId, Reason = request.Reason, CreatedAt = clock.GetUtcNow() };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (existing is null)
        {
            db.Suppressions.Add(suppression);
            await db.SaveChangesAsync(cancellationToken);
        }

        var suppressed = await db.Targets.Where(t => t.CustomerId == customerId && !t.Suppressed)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Suppressed, true).SetProperty(t => t.UpdatedAt, clock.GetUtcNow()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var view = new SuppressionView(suppression.CustomerId, suppression.Reason, suppression.CreatedAt, suppressed);
        return existing is null ? TypedResults.Created($"/api/suppressions/{customerId}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, NotFound>> RemoveAsync(string customerId, ReengagementDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Suppressions.Where(s => s.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return TypedResults.NotFound();
        }

        await db.Targets.Where(t => t.CustomerId == customerId && t.Suppressed)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Suppressed, false).SetProperty(t => t.UpdatedAt, clock.GetUtcNow()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
