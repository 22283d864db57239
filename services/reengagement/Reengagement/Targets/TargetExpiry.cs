using System.Globalization;
using InactiveCustomers.Reengagement.Data;
using InactiveCustomers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace InactiveCustomers.Reengagement.Targets;

/// <summary>
/// Closes the targets whose window to win the customer back has passed: Pending or Contacted targets stored more
/// than <c>Reengagement:ExpireAfterDays</c> (default 180) days ago become Expired. Checked at start-up and every hour.
/// </summary>
public sealed class TargetExpiry(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<TargetExpiry> logger) : BackgroundService
{
    public const string Setting = "Reengagement:ExpireAfterDays";

    private readonly int _days = Days(configuration);

    /// <summary>Expires what is due now; returns how many targets it closed.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReengagementDb>();
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-_days);
        var expired = await db.Targets
            .Where(t => (t.Status == TargetStatus.Pending || t.Status == TargetStatus.Contacted) && t.CreatedAt < cutoff)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Status, TargetStatus.Expired).SetProperty(t => t.UpdatedAt, now), cancellationToken);
        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} targets stored before {Cutoff:yyyy-MM-dd}", expired, cutoff);
        }

        return expired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await ExpireAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Expiring targets failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static int Days(IConfiguration configuration)
    {
        var text = configuration[Setting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return 180;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 3650
            ? days
            : throw new SettingException(Setting, $"is '{text}', which is not a number of days from 1 to 3650");
    }
}
