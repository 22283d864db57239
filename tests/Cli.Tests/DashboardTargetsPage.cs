using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Cli.Tests;

/// <summary>The dashboard's way to a segment's campaign targets, as an analyst follows it in the browser.</summary>
internal static class DashboardTargetsPage
{
    /// <summary>The dashboard's link for a segment, in the browser: with the printed token, that segment's targets.</summary>
    public static async Task ShouldListTheSegmentAsync(HeadlessChromium chromium, Uri dashboard, string token)
    {
        await using var page = await chromium.Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e.Message);
        page.Console += (_, e) =>
        {
            if (e.Message.Type == PuppeteerSharp.ConsoleType.Error)
            {
                errors.Add(e.Message.Text);
            }
        };
        await page.GoToAsync(new Uri(dashboard, "/dashboard/").ToString());
        await page.WaitForExpressionAsync("document.documentElement.dataset.estado === 'pronto'");
        await Task.WhenAll(
            page.WaitForNavigationAsync(),
            page.EvaluateExpressionAsync("[...document.querySelectorAll('#tabela-perfil tbody tr')].find(r => r.cells[0].textContent === 'Inativo de Alto Valor').querySelector('a').click()"));
        page.Url.Should().EndWith("targets.html?perfil=Inativo+de+Alto+Valor");
        await page.TypeAsync("#token", token);
        await page.ClickAsync("#acesso button[type=submit]");
        await page.WaitForExpressionAsync("document.querySelectorAll('#tabela-alvos tbody tr').length > 0 || !document.getElementById('aviso').hidden");
        (await page.EvaluateExpressionAsync<bool>("document.getElementById('aviso').hidden"))
            .Should().BeTrue(await page.EvaluateExpressionAsync<string>("document.getElementById('aviso').textContent") + " " + string.Join("; ", errors));

        var perfis = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#tabela-alvos tbody tr')].map(r => r.cells[1].textContent)");
        perfis.Should().NotBeEmpty().And.AllBe("Inativo de Alto Valor");
        errors.Should().BeEmpty();
    }
}
