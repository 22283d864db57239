using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using InactiveCustomers.ServiceDefaults;

namespace InactiveCustomers.Reengagement.Api;

/// <summary>
/// Who may call the marketing API: JWT bearer tokens (settings under <c>Authentication:Schemes:Bearer</c>: an
/// Authority such as Cognito in production, or the signing key <c>dotnet user-jwts</c> writes for local
/// development), authorised by role, and a request budget per caller.
/// </summary>
public static class Security
{
    public const string Read = "marketing.read";
    public const string Write = "marketing.write";
    public const string RateLimitPolicy = "per-caller";

    public static IHostApplicationBuilder AddMarketingApiSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddJwtBearer();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Read, policy => policy.RequireRole(Read, Write)) // writing includes reading
            .AddPolicy(Write, policy => policy.RequireRole(Write));

        var permits = PermitsPerMinute(builder.Configuration);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    private static int PermitsPerMinute(IConfiguration configuration)
    {
        const string key = "Reengagement:RequestsPerMinute";
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return 600;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var permits) && permits is > 0 and <= 1_000_000
            ? permits
            : throw new SettingException(key, $"is '{text}', which is not a whole number of requests from 1 to 1000000");
    }
}
