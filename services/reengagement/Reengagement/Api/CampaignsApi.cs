using System.Text.Json;
using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.Reengagement.Targets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InactiveCustomers.Reengagement.Api;

/// <summary>
/// Campaigns with a holdout group and measured uplift. Creating one assigns every visible Pending target that
/// matches its filter and is in no other campaign; a hash of the campaign id and the episode key puts a fixed share
/// of them in the holdout group, which is never contacted. The results compare how many came back among those
/// contacted with the holdout.
/// </summary>
public static class CampaignsApi
{
    public const int MaxHoldoutPercent = 50;

    /// <summary>Body of POST /api/campaigns: only these fields are read.</summary>
    public sealed record CampaignRequest(string? Name, TargetsApi.TargetFilter? Filter, int? HoldoutPercent);

    public sealed record CampaignView(Guid Id, string Name, TargetsApi.TargetFilter Filter, int HoldoutPercent, DateTimeOffset CreatedAt, int Targets, int Holdout);

    /// <summary>One group of a campaign: its size and how many of it reactivated since the campaign began.</summary>
    public sealed record Group(int Targets, int Reactivated, decimal Rate);

    /// <summary>
    /// The outcome: <c>Contacted</c> (targets marketing reached), <c>Holdout</c>, <c>NotContactedYet</c>; uplift of
    /// the contacted over the holdout, absolute (difference of rates) and relative (over the holdout's rate; null when
    /// that is 0).
    /// </summary>
    public sealed record CampaignResults(Guid CampaignId, Group Contacted, Group Holdout, Group NotContactedYet, decimal? AbsoluteUplift, decimal? RelativeUplift);

    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/campaigns").WithTags("Campaigns").RequireRateLimiting(Security.RateLimitPolicy);
        api.MapPost("/", CreateAsync).RequireAuthorization(Security.Write).WithSummary("Create a campaign: assign the matching Pending targets, with a holdout group");
        api.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Security.Read).WithSummary("A campaign and its group sizes");
        api.MapGet("/{id:guid}/results", ResultsAsync).RequireAuthorization(Security.Read).WithSummary("Reactivation of the contacted vs the holdout, and the uplift");
        return app;
    }

    /// <summary>The uplift arithmetic, exact in decimals: rates rounded to 6 places.</summary>
    public static CampaignResults Compute(Guid campaignId, (int Targets, int Reactivated) contacted, (int Targets, int Reactivated) holdout, (int Targets, int Reactivated) notYet)
    {
        var treated = Of(contacted);
        var control = Of(holdout);
        decimal? absolute = contacted.Targets > 0 && holdout.Targets > 0 ? treated.Rate - control.Rate : null;
        decimal? relative = absolute is { } a && control.Rate > 0 ? Math.Round(a / control.Rate, 6) : null;
        return new CampaignResults(campaignId, treated, control, Of(notYet), absolute, relative);

        static Group Of((int Targets, int Reactivated) g) => new(g.Targets, g.Reactivated, g.Targets == 0 ? 0m : Math.Round((decimal)g.Reactivated / g.Targets, 6));
    }

    private static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CampaignRequest? request, ReengagementDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["is required, up to 200 characters"];
        }

        var holdout = request?.HoldoutPercent ?? 10;
        if (holdout is < 0 or > MaxHoldoutPercent)
        {
            errors["holdoutPercent"] = [$"{holdout} is not from 0 to {MaxHoldoutPercent}"];
        }

        var filter = (request?.Filter ?? new TargetsApi.TargetFilter(null, null, null, null, null, null, null)) with { Status = null };
        foreach (var (field, problems) in filter.Problems())
        {
            errors["filter." + field] = problems;
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        var campaign = new Campaign
        {
            Id = Guid.NewGuid(), Name = name!, Filter = JsonSerializer.Serialize(filter, JsonSerializerOptions.Web), HoldoutPercent = holdout,
            CreatedAt = now.AddTicks(-(now.Ticks % 10)),
        };
        // Two campaigns created at the same moment over the same targets: PostgreSQL lets one commit and fails the
        // other (serialization failure, or the unique target); that one starts again and takes what is left.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (members, held) = await AddWithMembersAsync(db, campaign, filter, cancellationToken);
                return TypedResults.Created($"/api/campaigns/{campaign.Id}", new CampaignView(campaign.Id, campaign.Name, filter, holdout, campaign.CreatedAt, members, held));
            }
            catch (Exception e) when (attempt < 5 && IsConcurrentCampaign(e))
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
            catch (Exception e) when (IsConcurrentCampaign(e))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Concurrent campaigns",
                    detail: "other campaigns were being created over the same targets at the same time: try again");
            }
        }
    }

    private static bool IsConcurrentCampaign(Exception e) =>
        (e as Npgsql.PostgresException ?? e.InnerException as Npgsql.PostgresException)?.SqlState is Npgsql.PostgresErrorCodes.SerializationFailure or Npgsql.PostgresErrorCodes.UniqueViolation;

    /// <summary>Stores the campaign and its members in one serializable transaction: (members, of them in the holdout).</summary>
    private static async Task<(int Members, int Held)> AddWithMembersAsync(ReengagementDb db, Campaign campaign, TargetsApi.TargetFilter filter, CancellationToken cancellationToken)
    {
        var holdout = campaign.HoldoutPercent;
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);

        // The matching Pending targets in no campaign yet (serializable: two campaigns created at once cannot both
        // take a target); the holdout drawn per target by Holdout.Contains.
        var candidates = filter.Apply(TargetsApi.Visible(db))
            .Where(t => t.Status == TargetStatus.Pending && !db.CampaignMembers.Any(m => m.TargetId == t.Id))
            .Select(t => new { t.Id, t.EpisodeKey });
        var members = await candidates.ToListAsync(cancellationToken);

        // COPY on the transaction's own connection: 300,000 members in about a second (EF's batched INSERTs take
        // minutes at that size).
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        var held = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {ReengagementDb.Schema}.campaign_members (campaign_id, target_id, holdout) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var member in members)
            {
                var inHoldout = Holdout.Contains(campaign.Id, member.EpisodeKey, holdout);
                held += inHoldout ? 1 : 0;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(campaign.Id, NpgsqlTypes.NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(member.Id, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(inHoldout, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (members.Count, held);
    }

    private static async Task<Results<Ok<CampaignView>, NotFound>> GetAsync(Guid id, ReengagementDb db, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (campaign is null)
        {
            return TypedResults.NotFound();
        }

        var sizes = await db.CampaignMembers.Where(m => m.CampaignId == id).GroupBy(m => m.Holdout).Select(g => new { Holdout = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CampaignView(
            campaign.Id, campaign.Name, JsonSerializer.Deserialize<TargetsApi.TargetFilter>(campaign.Filter, JsonSerializerOptions.Web)!, campaign.HoldoutPercent,
            campaign.CreatedAt, sizes.Sum(s => s.Count), sizes.Where(s => s.Holdout).Sum(s => s.Count)));
    }

    private static async Task<Results<Ok<CampaignResults>, NotFound>> ResultsAsync(Guid id, ReengagementDb db, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (campaign is null)
        {
            return TypedResults.NotFound();
        }

        // Came back since the campaign began: a reactivation before it says nothing about the campaign.
        var since = DateOnly.FromDateTime(campaign.CreatedAt.UtcDateTime);
        var groups = await db.CampaignMembers.Where(m => m.CampaignId == id)
            .Select(m => new
            {
                Group = m.Holdout ? 0 : m.Target!.ContactedAt != null ? 1 : 2,
                Reactivated = m.Target!.Status == TargetStatus.Reactivated && m.Target.ReactivatedOn >= since,
            })
            .GroupBy(m => m.Group)
            .Select(g => new { g.Key, Targets = g.Count(), Reactivated = g.Count(m => m.Reactivated) })
            .ToListAsync(cancellationToken);
        (int, int) Of(int group) => groups.FirstOrDefault(g => g.Key == group) is { } g ? (g.Targets, g.Reactivated) : (0, 0);
        return TypedResults.Ok(Compute(id, Of(1), Of(0), Of(2)));
    }
}

/// <summary>The deterministic holdout draw: the same campaign and episode always land in the same group.</summary>
public static class Holdout
{
    public static bool Contains(Guid campaignId, string episodeKey, int percent)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{campaignId:N}:{episodeKey}"), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash) % 100 < percent;
    }
}
