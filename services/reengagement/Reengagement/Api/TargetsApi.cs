using System.Globalization;
using System.Text;
using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.Reengagement.Targets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InactiveCustomers.Reengagement.Api;

/// <summary>
/// The campaign targets for marketing: most valuable first, filtered, a page at a time (keyset pagination: the
/// <c>next</c> cursor continues after the last row, so pages stay stable while targets arrive). Suppressed
/// customers are never shown; campaigns' holdout targets are left out of the list and the export.
/// </summary>
public static class TargetsApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>A target as the API shows it.</summary>
    public sealed record TargetView(
        long Id, string CustomerId, string EpisodeKey, string PerfilCliente, string PotencialCliente, string SegmentoViajante,
        decimal ValorTotalGasto, DateOnly LastPurchase, DateOnly InactiveSince, IReadOnlyList<string> Reasons, string Status,
        DateTimeOffset? ContactedAt, DateOnly? ReactivatedOn, Guid RunId, string RuleSetVersion);

    /// <summary>A page of targets; <c>Next</c> is the cursor of the following page, null on the last.</summary>
    public sealed record TargetPage(IReadOnlyList<TargetView> Items, string? Next);

    public static IEndpointRouteBuilder MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/targets").WithTags("Targets").RequireRateLimiting(Security.RateLimitPolicy);
        api.MapGet("/", ListAsync).RequireAuthorization(Security.Read)
            .WithSummary("Targets, most valuable first: ?perfil=&potencial=&segmento=&status=&minValue=&inactiveSinceFrom=&inactiveSinceTo=&limit=&after=");
        api.MapGet("/export", TargetsExport.WriteAsync).RequireAuthorization(Security.Read)
            .WithSummary("The filtered targets as CSV for mail and CRM tools, streamed; cells that a spreadsheet would run as a formula are neutralised");
        api.MapGet("/{id:long}", GetAsync).RequireAuthorization(Security.Read).WithSummary("One target");
        api.MapPost("/{id:long}/contacted", ContactedAsync).RequireAuthorization(Security.Write)
            .WithSummary("Marketing reached the customer: a Pending target becomes Contacted");
        return app;
    }

    private static async Task<Results<Ok<TargetPage>, ValidationProblem>> ListAsync(
        ReengagementDb db, [AsParameters] TargetFilter filter, int? limit, string? after, CancellationToken cancellationToken)
    {
        var errors = filter.Problems();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"{limit} is not from 1 to {MaxLimit}"];
        }

        (decimal Value, long Id)? cursor = null;
        if (after is not null)
        {
            cursor = Cursor.Read(after);
            if (cursor is null)
            {
                errors["after"] = ["is not a cursor this API gave out (use the 'next' of the previous page)"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = filter.Apply(Actionable(db));
        if (cursor is { } c)
        {
            query = query.Where(t => t.ValorTotalGasto < c.Value || (t.ValorTotalGasto == c.Value && t.Id < c.Id));
        }

        var size = limit ?? DefaultLimit;
        var rows = await query.OrderByDescending(t => t.ValorTotalGasto).ThenByDescending(t => t.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? Cursor.Write(rows[size - 1].ValorTotalGasto, rows[size - 1].Id) : null;
        return TypedResults.Ok(new TargetPage([.. rows.Take(size).Select(View)], next));
    }

    private static async Task<Results<Ok<TargetView>, NotFound>> GetAsync(long id, ReengagementDb db, CancellationToken cancellationToken) =>
        await Visible(db).FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is { } target
            ? TypedResults.Ok(View(target))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<TargetView>, NotFound, ProblemHttpResult>> ContactedAsync(
        long id, ReengagementDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var target = await db.Targets.FirstOrDefaultAsync(t => t.Id == id && !t.Suppressed, cancellationToken);
        if (target is null)
        {
            return TypedResults.NotFound();
        }

        if (await db.CampaignMembers.AsNoTracking().FirstOrDefaultAsync(m => m.TargetId == id && m.Holdout, cancellationToken) is { } held)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Holdout target",
                detail: $"the target is in the holdout group of campaign {held.CampaignId}: it is never contacted, so that the campaign's uplift can be measured");
        }

        if (target.Status is not (TargetStatus.Pending or TargetStatus.Contacted))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Target closed",
                detail: $"the target is {target.Status}: only a Pending target can be contacted");
        }

        if (target.Status == TargetStatus.Pending)
        {
            var now = clock.GetUtcNow();
            target.Status = TargetStatus.Contacted;
            target.ContactedAt = now.AddTicks(-(now.Ticks % 10)); // what PostgreSQL keeps (microseconds), so the answer is what is stored
            target.UpdatedAt = target.ContactedAt.Value;
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(View(target));
    }

    /// <summary>
    /// Targets marketing may see: not suppressed — by flag, and by the list itself, for a target stored in the same
    /// instant as its customer's objection.
    /// </summary>
    internal static IQueryable<CampaignTarget> Visible(ReengagementDb db) =>
        db.Targets.AsNoTracking().Where(t => !t.Suppressed && !db.Suppressions.Any(s => s.CustomerId == t.CustomerId));

    /// <summary>Visible targets marketing may contact: not in a campaign's holdout group. What the list and the export show.</summary>
    internal static IQueryable<CampaignTarget> Actionable(ReengagementDb db) =>
        Visible(db).Where(t => !db.CampaignMembers.Any(m => m.TargetId == t.Id && m.Holdout));

    internal static TargetView View(CampaignTarget t) => new(
        t.Id, t.CustomerId, t.EpisodeKey, t.PerfilCliente, t.PotencialCliente, t.SegmentoViajante, t.ValorTotalGasto, t.LastPurchase,
        t.InactiveSince, t.Reasons, t.Status.ToString(), t.ContactedAt, t.ReactivatedOn, t.RunId, t.RuleSetVersion);

    /// <summary>The filters of the list and the export, from the query string.</summary>
    public sealed record TargetFilter(
        string? Perfil, string? Potencial, string? Segmento, string? Status, decimal? MinValue, DateOnly? InactiveSinceFrom, DateOnly? InactiveSinceTo)
    {
        /// <summary>What is wrong with the filters, by query parameter.</summary>
        public Dictionary<string, string[]> Problems()
        {
            var errors = new Dictionary<string, string[]>();
            if (Status is not null && ParsedStatus is null)
            {
                errors["status"] = [$"'{Status}' is not a status: use {string.Join(", ", Enum.GetNames<TargetStatus>())}"];
            }

            if (MinValue is < 0)
            {
                errors["minValue"] = ["is negative"];
            }

            if (InactiveSinceFrom > InactiveSinceTo)
            {
                errors["inactiveSinceFrom"] = ["is after inactiveSinceTo"];
            }

            return errors;
        }

        public IQueryable<CampaignTarget> Apply(IQueryable<CampaignTarget> query)
        {
            query = Perfil is null ? query : query.Where(t => t.PerfilCliente == Perfil);
            query = Potencial is null ? query : query.Where(t => t.PotencialCliente == Potencial);
            query = Segmento is null ? query : query.Where(t => t.SegmentoViajante == Segmento);
            query = ParsedStatus is not { } status ? query : query.Where(t => t.Status == status);
            query = MinValue is null ? query : query.Where(t => t.ValorTotalGasto >= MinValue);
            query = InactiveSinceFrom is null ? query : query.Where(t => t.InactiveSince >= InactiveSinceFrom);
            return InactiveSinceTo is null ? query : query.Where(t => t.InactiveSince <= InactiveSinceTo);
        }

        private TargetStatus? ParsedStatus =>
            Enum.TryParse<TargetStatus>(Status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(Status, out _) ? parsed : null;
    }

    /// <summary>The position after a row, as an opaque token: base64 of "value|id".</summary>
    private static class Cursor
    {
        public static string Write(decimal value, long id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{value}|{id}")));

        public static (decimal, long)? Read(string token)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
                return parts.Length == 2
                    && decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
                    && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? (value, id)
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
