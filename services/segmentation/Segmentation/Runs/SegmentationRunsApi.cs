using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InactiveCustomers.Segmentation.Runs;

/// <summary>Ask for a run; read one run or the list.</summary>
public static class SegmentationRunsApi
{
    /// <summary>Body of POST /api/segmentation-runs; every field optional.</summary>
    public sealed record RunBody(string? AsOf, bool? Rebuild);

    /// <summary>A run asked for that has not started yet.</summary>
    public sealed record QueuedRun(Guid RunId, DateOnly AsOf, string Status, string Trigger);

    public static IEndpointRouteBuilder MapSegmentationRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/segmentation-runs").WithTags("Segmentation runs");
        api.MapPost("/", StartAsync)
            .WithSummary("Run the segmentation for { \"asOf\": \"YYYY-MM-DD\" } (default: the latest purchase date); 202 with the run's Location");
        api.MapGet("/", ListAsync).WithSummary("The runs, newest reference date first (?limit=, default 50)");
        api.MapGet("/{runId:guid}", GetAsync).WithSummary("One run: status, counts per status, perfil, potencial and segmento, timings");
        return app;
    }

    private static async Task<Results<Accepted<QueuedRun>, Ok<SegmentationRun>, ProblemHttpResult>> StartAsync(
        RunBody? body, SegmentationRunner runner, RunScheduler scheduler, CancellationToken cancellationToken)
    {
        DateOnly? asOf = null;
        if (!string.IsNullOrWhiteSpace(body?.AsOf))
        {
            if (!DateOnly.TryParseExact(body.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid asOf",
                    detail: $"asOf '{body.AsOf}' is not a date in the form YYYY-MM-DD", extensions: new Dictionary<string, object?> { ["field"] = "asOf" });
            }

            asOf = date;
        }

        RunPlan plan;
        try
        {
            plan = await runner.PlanAsync(new RunRequest(asOf, "api", body?.Rebuild ?? false), cancellationToken);
        }
        catch (RunRefusedException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Run refused", detail: e.Message);
        }

        var location = $"/api/segmentation-runs/{plan.RunId}";
        if (await runner.FindAsync(plan.RunId, cancellationToken) is { Status: SegmentationRun.Completed } done)
        {
            // The same date on the same data and rules ran before: that run is the answer.
            return TypedResults.Ok(done);
        }

        scheduler.Enqueue(plan);
        return TypedResults.Accepted(location, new QueuedRun(plan.RunId, plan.AsOf, "queued", "api"));
    }

    private static async Task<Ok<IReadOnlyList<SegmentationRun>>> ListAsync(SegmentationRunner runner, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runner.ListAsync(Math.Clamp(limit ?? 50, 1, 500), cancellationToken));

    private static async Task<Results<Ok<SegmentationRun>, Ok<QueuedRun>, ProblemHttpResult>> GetAsync(
        Guid runId, SegmentationRunner runner, RunScheduler scheduler, CancellationToken cancellationToken)
    {
        if (await runner.FindAsync(runId, cancellationToken) is { } run)
        {
            return TypedResults.Ok(run);
        }

        return scheduler.Queued(runId) is { } plan
            ? TypedResults.Ok(new QueuedRun(plan.RunId, plan.AsOf, "queued", plan.Request.Trigger))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such run", detail: $"no segmentation run has id {runId}");
    }
}
