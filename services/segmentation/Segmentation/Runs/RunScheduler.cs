using System.Collections.Concurrent;
using System.Threading.Channels;

namespace InactiveCustomers.Segmentation.Runs;

/// <summary>
/// Runs what the service is asked to run, one at a time: requests from the API, a run after new purchases landed
/// (coalesced: a burst of batches within <see cref="SegmentationSettings.CoalesceDelay"/> of each other gives one
/// run), and the configured cron schedule. A run that fails is logged and recorded in its stream; the next trigger
/// tries again.
/// </summary>
public sealed class RunScheduler(SegmentationRunner runner, SegmentationSettings settings, TimeProvider clock, ILogger<RunScheduler> logger) : BackgroundService
{
    private readonly Channel<RunPlan> _requests = Channel.CreateUnbounded<RunPlan>();
    private readonly ConcurrentDictionary<Guid, RunPlan> _queued = new();
    private readonly SemaphoreSlim _purchasesLanded = new(0);

    /// <summary>Queues a planned run (from the API); <see cref="Queued"/> shows it until it starts.</summary>
    public void Enqueue(RunPlan plan)
    {
        _queued[plan.RunId] = plan;
        _requests.Writer.TryWrite(plan);
    }

    public RunPlan? Queued(Guid runId) => _queued.TryGetValue(runId, out var plan) ? plan : null;

    /// <summary>New purchases landed: a run follows once the batches stop arriving for the coalescing delay.</summary>
    public void PurchasesLanded() => _purchasesLanded.Release();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunRequestsAsync(stoppingToken), CoalesceLandingsAsync(stoppingToken), FollowScheduleAsync(stoppingToken));

    private async Task RunRequestsAsync(CancellationToken stoppingToken)
    {
        await foreach (var plan in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await runner.RunAsync(plan.Request, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Segmentation run {RunId} ({Trigger}) did not complete", plan.RunId, plan.Request.Trigger);
            }
            finally
            {
                _queued.TryRemove(plan.RunId, out _);
            }
        }
    }

    private async Task CoalesceLandingsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await _purchasesLanded.WaitAsync(stoppingToken);
            // Wait until no batch has landed for the delay, then run once for all of them.
            while (await _purchasesLanded.WaitAsync(settings.CoalesceDelay, stoppingToken))
            {
                while (_purchasesLanded.CurrentCount > 0)
                {
                    await _purchasesLanded.WaitAsync(stoppingToken);
                }
            }

            await PlanAndEnqueueAsync(new RunRequest(null, "purchases-ingested"), stoppingToken);
        }
    }

    private async Task FollowScheduleAsync(CancellationToken stoppingToken)
    {
        if (settings.Schedule is not { } schedule)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            if (schedule.GetNextOccurrence(now, settings.ScheduleTimeZone) is not { } next)
            {
                return;
            }

            await Task.Delay(next - now, clock, stoppingToken);
            await PlanAndEnqueueAsync(new RunRequest(null, "schedule"), stoppingToken);
        }
    }

    private async Task PlanAndEnqueueAsync(RunRequest request, CancellationToken stoppingToken)
    {
        try
        {
            Enqueue(await runner.PlanAsync(request, stoppingToken));
        }
        catch (RunRefusedException e)
        {
            logger.LogWarning("Segmentation run ({Trigger}) not started: {Reason}", request.Trigger, e.Message);
        }
    }
}
