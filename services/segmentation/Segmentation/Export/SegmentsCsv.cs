using System.Globalization;
using System.Text;
using InactiveCustomers.DataLake;
using InactiveCustomers.DataLake.Catalog;
using InactiveCustomers.Segmentation.Explain;
using InactiveCustomers.Segmentation.Rules;

namespace InactiveCustomers.Segmentation.Export;

/// <summary>
/// A run's snapshot as CSV for analysts and for checking: one row per customer, the columns of
/// SEGMENTATION_RULES.md in its order under its names, then <c>motivos</c> (the reasons, separated by " | ").
/// RFC 4180, UTF-8, ISO dates, '.' decimals, true/false; empty for NULL. Streamed: memory does not grow with the file.
/// </summary>
public static class SegmentsCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "fk_contact", "data_referencia", "primeira_compra", "ultima_compra", "frequencia", "dias_com_compra", "valor_total_gasto",
        "total_passagens", "ticket_medio", "recencia_dias", "intervalo_mediano_dias", "limite_inatividade_dias", "regra_limite",
        "anos_com_compra", "share_alta_temporada", "status_cliente", "percentil_valor", "faixa_valor", "perfil_cliente", "sazonal",
        "segmento_viajante", "score_r", "score_f", "score_m", "pontuacao_rfm", "potencial_cliente",
    ];

    /// <summary>Writes the snapshot at <paramref name="snapshotPath"/> (lake-relative) to <paramref name="output"/>; returns the rows written.</summary>
    public static long Write(LakeLayout lake, string snapshotPath, SegmentationRules rules, TextWriter output)
    {
        using var reader = LakeReader.Open(lake, []);
        using var command = reader.Connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet({LocalCatalog.Literal(lake.FullPath(snapshotPath))}) ORDER BY fk_contact";
        using var rows = command.ExecuteReader();
        var ordinals = Columns.Select(rows.GetOrdinal).ToArray();
        output.Write(string.Join(",", Columns));
        output.Write(",motivos\r\n");
        var line = new StringBuilder();
        long count = 0;
        while (rows.Read())
        {
            line.Clear();
            foreach (var ordinal in ordinals)
            {
                Field(line, rows.IsDBNull(ordinal) ? string.Empty : Text(rows.GetValue(ordinal)));
                line.Append(',');
            }

            Field(line, string.Join(" | ", Reasons.For(SegmentedCustomer.Read(rows).Segment, rules)));
            line.Append("\r\n");
            output.Write(line);
            count++;
        }

        return count;
    }

    private static string Text(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void Field(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
