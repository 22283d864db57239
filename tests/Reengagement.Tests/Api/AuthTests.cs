using System.Net;
using System.Net.Http.Json;
using InactiveCustomers.Reengagement.Api;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Reengagement.Tests.Api;

/// <summary>Every marketing endpoint wants a valid token, and a role that allows what it does.</summary>
public sealed class AuthTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/targets" },
        { "GET", "/api/targets/1" },
        { "POST", "/api/targets/1/contacted" },
        { "POST", "/api/suppressions" },
        { "DELETE", "/api/suppressions/someone" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task NoToken_ShouldBe401(string method, string path)
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);

        var response = await service.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenSignedWithAnotherKey_ShouldBe401()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var client = service.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Issue("mallory", [Security.Write], System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        var response = await client.GetAsync(new Uri("/api/targets", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ReadRole_ShouldReadButNotWrite()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var reader = service.ClientAs(Security.Read);

        (await reader.GetAsync(new Uri("/api/targets", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await reader.PostAsync(new Uri("/api/targets/1/contacted", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await reader.PostAsJsonAsync(new Uri("/api/suppressions", UriKind.Relative), new { customerId = "someone" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await reader.DeleteAsync(new Uri("/api/suppressions/someone", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TokenWithoutAMarketingRole_ShouldBe403()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var stranger = service.ClientAs("finance.read");

        (await stranger.GetAsync(new Uri("/api/targets", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WriteRole_ShouldAlsoRead()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var writer = service.ClientAs(Security.Write);

        (await writer.GetAsync(new Uri("/api/targets", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TooManyRequests_ShouldBe429()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit, new Dictionary<string, string?> { ["Reengagement:RequestsPerMinute"] = "3" });
        using var reader = service.ClientAs(Security.Read);

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await reader.GetAsync(new Uri("/api/targets", UriKind.Relative))).StatusCode);
        }

        codes.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task DashboardOnAnotherOrigin_ShouldBeAllowedToCallTheApi_OthersNot()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit, new Dictionary<string, string?> { ["Reengagement:CorsOrigins"] = "http://127.0.0.1:5082" });

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/targets");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
            return await service.Client.SendAsync(preflight);
        }

        var allowed = await PreflightAsync("http://127.0.0.1:5082");
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://127.0.0.1:5082");
        (await PreflightAsync("http://evil.example")).Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task CorsOriginThatIsNotAnOrigin_ShouldStopStartUpNamingTheSetting()
    {
        var start = async () => await ReengagementService.StartAsync(postgres, rabbit, new Dictionary<string, string?> { ["Reengagement:CorsOrigins"] = "127.0.0.1:5082/dashboard" });

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Reengagement:CorsOrigins");
    }
}
