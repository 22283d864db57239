using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InactiveCustomers.Reengagement.Api;
using InactiveCustomers.Reengagement.Tests.Consumers;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Reengagement.Tests.Api;

/// <summary>What marketing does with the API: list and filter targets page by page, mark them contacted, suppress opt-outs.</summary>
public sealed class TargetsApiTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task Targets_ShouldComeMostValuableFirst_PageByPage_AndFiltered()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var reader = service.ClientAs(Security.Read);
        var values = new[] { 100m, 700m, 300m, 700m, 50m, 900m, 300m };
        var events = values.Select((value, i) => LifecycleEvents.Inactive($"c{i}".PadLeft(64, '0'), spent: value,
            perfil: value >= 300m ? "Inativo de Alto Valor" : "Inativo de Baixo Valor")).ToList();
        foreach (var e in events)
        {
            await service.Publisher.Publish(e);
        }

        await service.WaitForTargetsAsync(t => t.Count == events.Count, "all targets stored");

        var seen = new List<decimal>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await reader.GetFromJsonAsync<JsonElement>(new Uri("/api/targets?limit=3" + (next is null ? "" : $"&after={Uri.EscapeDataString(next)}"), UriKind.Relative));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("valorTotalGasto").GetDecimal()));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null);

        pages.Should().Be(3);
        seen.Should().Equal(900m, 700m, 700m, 300m, 300m, 100m, 50m);

        var filtered = await reader.GetFromJsonAsync<JsonElement>(new Uri("/api/targets?perfil=Inativo%20de%20Alto%20Valor&minValue=700", UriKind.Relative));
        filtered.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("valorTotalGasto").GetDecimal()).Should().Equal(900m, 700m, 700m);
        var low = await reader.GetFromJsonAsync<JsonElement>(new Uri("/api/targets?perfil=Inativo%20de%20Baixo%20Valor&status=pending", UriKind.Relative));
        low.GetProperty("items").GetArrayLength().Should().Be(2);
        var first = low.GetProperty("items")[0];
        first.GetProperty("status").GetString().Should().Be("Pending");
        first.GetProperty("reasons").GetArrayLength().Should().Be(2);

        var one = await reader.GetFromJsonAsync<JsonElement>(new Uri($"/api/targets/{first.GetProperty("id").GetInt64()}", UriKind.Relative));
        one.GetProperty("episodeKey").GetString().Should().Be(first.GetProperty("episodeKey").GetString());
        (await reader.GetAsync(new Uri("/api/targets/999999", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("after=not-a-cursor", "after")]
    public async Task BadQuery_ShouldBe400NamingTheField(string query, string field)
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var reader = service.ClientAs(Security.Read);

        var response = await reader.GetAsync(new Uri($"/api/targets?{query}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task Contacted_ShouldMoveAPendingTarget_AndRefuseAClosedOne()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var writer = service.ClientAs(Security.Write);
        var inactive = LifecycleEvents.Inactive("contacted".PadLeft(64, '0'));
        await service.Publisher.Publish(inactive);
        var id = await IdOfAsync(service, writer, inactive.EpisodeKey);

        var contacted = await writer.PostAsync(new Uri($"/api/targets/{id}/contacted", UriKind.Relative), null);
        var again = await writer.PostAsync(new Uri($"/api/targets/{id}/contacted", UriKind.Relative), null);

        contacted.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await contacted.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Contacted");
        body.GetProperty("contactedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        again.StatusCode.Should().Be(HttpStatusCode.OK, "contacting twice is the same as once");
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contactedAt").GetDateTimeOffset().Should().Be(body.GetProperty("contactedAt").GetDateTimeOffset());

        await service.Publisher.Publish(LifecycleEvents.Reactivated(inactive.CustomerId));
        await service.WaitForTargetsAsync(t => t[inactive.EpisodeKey].Status == "Reactivated", "the customer came back");
        (await writer.PostAsync(new Uri($"/api/targets/{id}/contacted", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await writer.PostAsync(new Uri("/api/targets/999999/contacted", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SuppressedCustomer_ShouldVanishFromTargets_IncludingLaterEpisodes_UntilTheSuppressionIsLifted()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var writer = service.ClientAs(Security.Write);
        var objecting = LifecycleEvents.Inactive("objecting".PadLeft(64, '0'));
        var other = LifecycleEvents.Inactive("other".PadLeft(64, '0'));
        await service.Publisher.Publish(objecting);
        await service.Publisher.Publish(other);
        var id = await IdOfAsync(service, writer, objecting.EpisodeKey);

        var suppressed = await writer.PostAsJsonAsync(new Uri("/api/suppressions", UriKind.Relative),
            new { customerId = objecting.CustomerId, reason = "pediu para não receber", createdAt = "2000-01-01T00:00:00Z", targetsSuppressed = 99 });

        suppressed.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await suppressed.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("targetsSuppressed").GetInt32().Should().Be(1);
        body.GetProperty("createdAt").GetDateTimeOffset().Year.Should().Be(DateTimeOffset.UtcNow.Year, "only customerId and reason are read from the request");
        (await writer.GetAsync(new Uri($"/api/targets/{id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await service.Publisher.Publish(LifecycleEvents.Inactive(objecting.CustomerId, lastPurchase: "2024-01-05")); // a later episode
        await service.WaitForTargetsAsync(t => t.Count == 3, "the later episode stored");
        (await EpisodesAsync(writer)).Should().BeEquivalentTo([other.EpisodeKey]);
        (await writer.PostAsJsonAsync(new Uri("/api/suppressions", UriKind.Relative), new { customerId = objecting.CustomerId })).StatusCode.Should().Be(HttpStatusCode.OK, "suppressing twice is the same as once");

        (await writer.DeleteAsync(new Uri($"/api/suppressions/{objecting.CustomerId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await EpisodesAsync(writer)).Should().HaveCount(3);
        (await writer.DeleteAsync(new Uri($"/api/suppressions/{objecting.CustomerId}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SuppressionWithoutCustomer_ShouldBe400NamingTheField()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var writer = service.ClientAs(Security.Write);

        var response = await writer.PostAsJsonAsync(new Uri("/api/suppressions", UriKind.Relative), new { reason = "no id" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("customerId", out _).Should().BeTrue();
    }

    private static async Task<long> IdOfAsync(ReengagementService service, HttpClient client, string episodeKey)
    {
        await service.WaitForTargetsAsync(t => t.ContainsKey(episodeKey), "the target stored");
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/targets?limit=500", UriKind.Relative));
        return page.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("episodeKey").GetString() == episodeKey).GetProperty("id").GetInt64();
    }

    private static async Task<List<string>> EpisodesAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/targets?limit=500", UriKind.Relative));
        return [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("episodeKey").GetString()!)];
    }
}
