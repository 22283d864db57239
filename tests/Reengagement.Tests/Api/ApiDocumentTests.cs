using System.Net;
using System.Text.Json;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Reengagement.Tests.Api;

/// <summary>The API describes itself: an OpenAPI document and a browsable reference, readable without a token.</summary>
public sealed class ApiDocumentTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task OpenApiDocument_ShouldListTheMarketingEndpoints_AndTheReferenceShouldBeServed()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);

        var document = JsonDocument.Parse(await service.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var reference = await service.Client.GetAsync(new Uri("/scalar/", UriKind.Relative));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/targets", "/api/targets/{id}", "/api/targets/{id}/contacted", "/api/suppressions", "/api/suppressions/{customerId}"]);
        reference.StatusCode.Should().Be(HttpStatusCode.OK);
        (await reference.Content.ReadAsStringAsync()).Should().Contain("openapi/v1.json");
    }
}
