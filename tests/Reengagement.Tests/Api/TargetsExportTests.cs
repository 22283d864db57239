using System.Globalization;
using System.Net;
using CsvHelper;
using InactiveCustomers.Reengagement.Api;
using InactiveCustomers.Reengagement.Tests.Consumers;
using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Reengagement.Tests.Api;

/// <summary>The CSV export for mail and CRM tools: the filtered, visible targets, and nothing a spreadsheet would run.</summary>
public sealed class TargetsExportTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IClassFixture<PostgresFixture>, IClassFixture<RabbitMqFixture>
{
    [Fact]
    public async Task Export_ShouldHoldTheFilteredTargets_WithFormulaCellsNeutralised()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var reader = service.ClientAs(Security.Read);
        var hostile = LifecycleEvents.Inactive("hostile".PadLeft(64, '0'), spent: 900m) with
        {
            Reasons = ["=HYPERLINK(\"http://evil.example\",\"clique\")", "+55 11 9999", "-1+1", "@SUM(A1:A9)", "\tcom tab", "\rcom CR", "recência de 420 dias, sem compra"],
        };
        var plain = LifecycleEvents.Inactive("plain".PadLeft(64, '0'), spent: 300m);
        var low = LifecycleEvents.Inactive("low".PadLeft(64, '0'), spent: 20m, perfil: "Inativo de Baixo Valor");
        var objected = LifecycleEvents.Inactive("objected".PadLeft(64, '0'), spent: 999m);
        await service.ExecuteAsync($"INSERT INTO reengagement.suppressions (customer_id, created_at) VALUES ('{objected.CustomerId}', now())");
        foreach (var e in new[] { hostile, plain, low, objected })
        {
            await service.Publisher.Publish(e);
        }

        await service.WaitForTargetsAsync(t => t.Count == 4, "all stored");

        var response = await reader.GetAsync(new Uri("/api/targets/export?perfil=Inativo%20de%20Alto%20Valor", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var rows = Parse(await response.Content.ReadAsStringAsync());
        rows[0].Should().Equal(TargetsExport.Header);
        rows.Skip(1).Select(r => r[1]).Should().Equal([hostile.CustomerId, plain.CustomerId], "most valuable first; Baixo Valor filtered out; the suppressed customer never exported");
        rows[1][12].Should().StartWith("'=HYPERLINK(", "a spreadsheet would run a cell that starts with =").And.Contain("| +55 11 9999 | -1+1 | @SUM(A1:A9) |");
        rows[1][6].Should().Be("900.00");
    }

    [Fact]
    public async Task FormulaAtTheStartOfACell_ShouldBePrefixed()
    {
        await using var service = await ReengagementService.StartAsync(postgres, rabbit);
        using var reader = service.ClientAs(Security.Read);
        var at = LifecycleEvents.Inactive("at".PadLeft(64, '0'), spent: 30m) with { Reasons = ["@cmd|' /C calc'!A0"] };
        var plus = LifecycleEvents.Inactive("plus".PadLeft(64, '0'), spent: 20m, perfil: "+SUM(1;2)");
        var tab = LifecycleEvents.Inactive("tab".PadLeft(64, '0'), spent: 10m) with { Reasons = ["\t=1+1"] };
        foreach (var e in new[] { at, plus, tab })
        {
            await service.Publisher.Publish(e);
        }

        await service.WaitForTargetsAsync(t => t.Count == 3, "stored");

        var rows = Parse(await reader.GetStringAsync(new Uri("/api/targets/export", UriKind.Relative)));

        rows[1][12].Should().Be("'@cmd|' /C calc'!A0");
        rows[2][3].Should().Be("'+SUM(1;2)");
        rows[3][12].Should().Be("'\t=1+1");
    }

    private static List<string[]> Parse(string csv)
    {
        using var parser = new CsvParser(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (parser.Read())
        {
            rows.Add(parser.Record!);
        }

        return rows;
    }
}
