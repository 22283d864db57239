using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using InactiveCustomers.Reengagement.Data;
using Microsoft.EntityFrameworkCore;

namespace InactiveCustomers.Reengagement.Api;

/// <summary>
/// <c>GET /api/targets/export</c>: the filtered targets marketing may contact (no suppressed customer, no holdout) as CSV (RFC 4180, UTF-8), most valuable first, written
/// to the response as they are read — memory does not grow with the export. A cell starting with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return is prefixed with <c>'</c> and quoted, so that a spreadsheet shows it
/// as text instead of running it as a formula (CsvHelper's injection escaping).
/// </summary>
internal static class TargetsExport
{
    public static readonly string[] Header =
    [
        "id", "fk_contact", "episode_key", "perfil_cliente", "potencial_cliente", "segmento_viajante", "valor_total_gasto",
        "ultima_compra", "inativo_desde", "status", "contatado_em", "reativado_em", "motivos",
    ];

    private static readonly CsvConfiguration Csv = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
        InjectionEscapeCharacter = '\'',
    };

    public static IResult WriteAsync(ReengagementDb db, [AsParameters] TargetsApi.TargetFilter filter)
    {
        var errors = filter.Problems();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rows = filter.Apply(TargetsApi.Actionable(db)).OrderByDescending(t => t.ValorTotalGasto).ThenByDescending(t => t.Id).AsAsyncEnumerable();
        return TypedResults.Stream(async body =>
        {
            await using var text = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
            await using var csv = new CsvWriter(text, Csv);
            foreach (var name in Header)
            {
                csv.WriteField(name);
            }

            await csv.NextRecordAsync();
            await foreach (var t in rows)
            {
                csv.WriteField(t.Id.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(t.CustomerId);
                csv.WriteField(t.EpisodeKey);
                csv.WriteField(t.PerfilCliente);
                csv.WriteField(t.PotencialCliente);
                csv.WriteField(t.SegmentoViajante);
                csv.WriteField(t.ValorTotalGasto.ToString("0.00", CultureInfo.InvariantCulture));
                csv.WriteField(t.LastPurchase.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(t.InactiveSince.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(t.Status.ToString());
                csv.WriteField(t.ContactedAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(t.ReactivatedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(string.Join(" | ", t.Reasons));
                await csv.NextRecordAsync();
            }
        }, "text/csv; charset=utf-8", "campaign-targets.csv");
    }
}
