using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InactiveCustomers.Reengagement.Api;
using InactiveCustomers.Reengagement.Tests.Consumers;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Reengagement.Tests.Api;

/// <summary>Campaigns: matching targets assigned once, a stable holdout that is never contacted, and the measured uplift.</summary>
public sealed class CampaignsApiTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public void Uplift_ShouldBeTheDifferenceOfRates_AndItsRatioToTheHoldoutRate()
    {
        var results = CampaignsApi.Compute(Guid.Empty, contacted: (200, 30), holdout: (50, 5), notYet: (10, 1));

        results.Contacted.Rate.Should().Be(0.15m);
        results.Holdout.Rate.Should().Be(0.1m);
        results.AbsoluteUplift.Should().Be(0.05m);
        results.RelativeUplift.Should().Be(0.5m);
        results.NotContactedYet.Rate.Should().Be(0.1m);
        CampaignsApi.Compute(Guid.Empty, (3, 1), (3, 0), (0, 0)).RelativeUplift.Should().BeNull("no ratio to a holdout rate of 0");
        CampaignsApi.Compute(Guid.Empty, (3, 1), (3, 0), (0, 0)).Contacted.Rate.Should().Be(0.333333m);
        CampaignsApi.Compute(Guid.Empty, (0, 0), (5, 1), (0, 0)).AbsoluteUplift.Should().BeNull("nothing to compare before anyone is contacted");
    }

    [Fact]
    public void Holdout_ShouldBeTheSameDrawEveryTime_AndHoldAboutItsShare()
    {
        var campaign = Guid.NewGuid();
        var episodes = Enumerable.Range(0, 10_000).Select(i => $"{i:x64}:2023-01-01").ToList();

        var first = episodes.Where(e => Holdout.Contains(campaign, e, 20)).ToList();
        var second = episodes.Where(e => Holdout.Contains(campaign, e, 20)).ToList();

        second.Should().Equal(first);
        first.Count.Should().BeInRange(1_850, 2_150, "20 % of 10,000, within sampling noise");
        episodes.Where(e => Holdout.Contains(Guid.NewGuid(), e, 20)).Should().NotEqual(first, "another campaign draws another group");
        episodes.Count(e => Holdout.Contains(campaign, e, 0)).Should().Be(0);
    }

    [Fact]
    public async Task Campaign_ShouldHoldOutAShareNeverContacted_AndMeasureWhoCameBack()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var writer = service.ClientAs(Security.Write);
        var events = Enumerable.Range(0, 60).Select(i => LifecycleEvents.Inactive($"camp{i}".PadLeft(64, '0'), spent: 100m + i,
            perfil: i < 50 ? "Inativo de Alto Valor" : "Inativo de Baixo Valor")).ToList();
        foreach (var e in events)
        {
            await service.Publisher.Publish(e);
        }

        await service.WaitForTargetsAsync(t => t.Count == events.Count, "all stored");

        var created = await writer.PostAsJsonAsync(new Uri("/api/campaigns", UriKind.Relative),
            new { name = "Volta às aulas", filter = new { perfil = "Inativo de Alto Valor" }, holdoutPercent = 30, id = Guid.Empty });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var campaign = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = campaign.GetProperty("id").GetGuid();
        id.Should().NotBe(Guid.Empty, "the id is the service's, not the caller's");
        campaign.GetProperty("targets").GetInt32().Should().Be(50);
        var held = campaign.GetProperty("holdout").GetInt32();
        held.Should().BeInRange(5, 25);
        var listed = await ActionableAsync(writer);
        listed.Count(e => events.Take(50).Any(x => x.EpisodeKey == e.EpisodeKey)).Should().Be(50 - held, "holdout targets are left out of what marketing acts on");

        // Marketing contacts everyone it is allowed to: the holdout refuses.
        var contacted = new List<string>();
        var holdout = new List<string>();
        foreach (var target in await AllTargetsAsync(service, events.Take(50)))
        {
            var response = await writer.PostAsync(new Uri($"/api/targets/{target.Id}/contacted", UriKind.Relative), null);
            (response.StatusCode == HttpStatusCode.OK ? contacted : holdout).Add(target.CustomerId);
            response.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.Conflict);
        }

        holdout.Should().HaveCount(held);
        holdout.Should().BeEquivalentTo(events.Take(50).Where(e => Holdout.Contains(id, e.EpisodeKey, 30)).Select(e => e.CustomerId),
            "the holdout is exactly the documented draw");
        var second = await writer.PostAsJsonAsync(new Uri("/api/campaigns", UriKind.Relative), new { name = "De novo", filter = new { perfil = "Inativo de Alto Valor" } });
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("targets").GetInt32().Should().Be(0, "a target is in one campaign at most");

        // Four contacted and one held-out customer come back.
        var back = contacted.Take(4).Append(holdout[0]).ToList();
        foreach (var customer in back)
        {
            await service.Publisher.Publish(LifecycleEvents.Reactivated(customer, reactivatedOn: DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        await service.WaitForTargetsAsync(t => t.Values.Count(x => x.Status == "Reactivated") == back.Count, "the reactivations stored");
        var results = await writer.GetFromJsonAsync<JsonElement>(new Uri($"/api/campaigns/{id}/results", UriKind.Relative));

        var expected = CampaignsApi.Compute(id, (contacted.Count, 4), (holdout.Count, 1), (0, 0));
        results.GetProperty("contacted").GetProperty("targets").GetInt32().Should().Be(contacted.Count);
        results.GetProperty("contacted").GetProperty("reactivated").GetInt32().Should().Be(4);
        results.GetProperty("holdout").GetProperty("targets").GetInt32().Should().Be(holdout.Count);
        results.GetProperty("holdout").GetProperty("reactivated").GetInt32().Should().Be(1);
        results.GetProperty("absoluteUplift").GetDecimal().Should().Be(expected.AbsoluteUplift!.Value);
        results.GetProperty("relativeUplift").GetDecimal().Should().Be(expected.RelativeUplift!.Value);
        (await writer.GetAsync(new Uri($"/api/campaigns/{Guid.NewGuid()}/results", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CampaignsCreatedAtTheSameMoment_ShouldAllSucceed_AndShareNoTarget()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        var events = Enumerable.Range(0, 400).Select(i => LifecycleEvents.Inactive($"race{i}".PadLeft(64, '0'), spent: 100m + i)).ToList();
        foreach (var e in events)
        {
            await service.Publisher.Publish(e);
        }

        await service.WaitForTargetsAsync(t => t.Count == events.Count, "all stored");
        var writers = Enumerable.Range(0, 4).Select(_ => service.ClientAs(Security.Write)).ToList();

        var responses = await Task.WhenAll(writers.Select((writer, i) =>
            writer.PostAsJsonAsync(new Uri("/api/campaigns", UriKind.Relative), new { name = $"ao mesmo tempo {i}", holdoutPercent = 10 })));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created, "a concurrent campaign waits its turn rather than failing");
        var sizes = new List<int>();
        foreach (var response in responses)
        {
            sizes.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("targets").GetInt32());
        }

        sizes.Sum().Should().Be(events.Count, "every target went to exactly one of them");
        writers.ForEach(writer => writer.Dispose());
    }

    [Theory]
    [InlineData("""{ "filter": {} }""", "name")]
    [InlineData("""{ "name": "x", "holdoutPercent": 80 }""", "holdoutPercent")]
    [InlineData("""{ "name": "x", "filter": { "minValue": -1 } }""", "filter.minValue")]
    public async Task BadCampaign_ShouldBe400NamingTheField(string body, string field)
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var writer = service.ClientAs(Security.Write);

        var response = await writer.PostAsync(new Uri("/api/campaigns", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    private static async Task<List<(string EpisodeKey, long Id)>> ActionableAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/targets?limit=500", UriKind.Relative));
        return [.. page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("episodeKey").GetString()!, i.GetProperty("id").GetInt64()))];
    }

    // Ids straight from the table: the list leaves the holdout out.
    private static async Task<List<(long Id, string CustomerId)>> AllTargetsAsync(ReengagementService service, IEnumerable<InactiveCustomers.Contracts.CustomerBecameInactive> events)
    {
        var stored = await service.TargetsAsync();
        return [.. events.Select(e => (stored[e.EpisodeKey].Id, e.CustomerId))];
    }
}
