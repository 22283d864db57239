using System.Data.Common;
using InactiveCustomers.Contracts;

namespace InactiveCustomers.Segmentation.Rules;

/// <summary>
/// One row of the rules' output: the customer's segment (the columns of SEGMENTATION_RULES.md), the rule set that
/// made it, and for an inactive customer the day they became inactive (data_inatividade).
/// </summary>
public sealed record SegmentedCustomer(CustomerSegment Segment, string RuleSetVersion, DateOnly? InactiveSince)
{
    /// <summary>Reads the current row of a reader over <c>customer-segments.sql</c>'s columns (or a snapshot of them).</summary>
    public static SegmentedCustomer Read(DbDataReader row) => new(
        new CustomerSegment
        {
            CustomerId = row.GetString(row.GetOrdinal("fk_contact")),
            ReferenceDate = row.GetFieldValue<DateOnly>(row.GetOrdinal("data_referencia")),
            FirstPurchase = row.GetFieldValue<DateOnly>(row.GetOrdinal("primeira_compra")),
            LastPurchase = row.GetFieldValue<DateOnly>(row.GetOrdinal("ultima_compra")),
            Frequency = row.GetInt32(row.GetOrdinal("frequencia")),
            PurchaseDays = row.GetInt32(row.GetOrdinal("dias_com_compra")),
            TotalSpent = row.GetDecimal(row.GetOrdinal("valor_total_gasto")),
            TotalTickets = row.GetInt32(row.GetOrdinal("total_passagens")),
            AverageTicket = row.GetDecimal(row.GetOrdinal("ticket_medio")),
            RecencyDays = row.GetInt32(row.GetOrdinal("recencia_dias")),
            MedianIntervalDays = row.IsDBNull(row.GetOrdinal("intervalo_mediano_dias")) ? null : row.GetDecimal(row.GetOrdinal("intervalo_mediano_dias")),
            InactivityLimitDays = row.GetInt32(row.GetOrdinal("limite_inatividade_dias")),
            LimitRule = row.GetString(row.GetOrdinal("regra_limite")),
            PurchaseYears = row.GetInt32(row.GetOrdinal("anos_com_compra")),
            HighSeasonShare = row.GetDecimal(row.GetOrdinal("share_alta_temporada")),
            Status = row.GetString(row.GetOrdinal("status_cliente")),
            ValuePercentile = row.GetDecimal(row.GetOrdinal("percentil_valor")),
            ValueBand = row.GetString(row.GetOrdinal("faixa_valor")),
            Profile = row.GetString(row.GetOrdinal("perfil_cliente")),
            Seasonal = row.GetBoolean(row.GetOrdinal("sazonal")),
            TravellerSegment = row.GetString(row.GetOrdinal("segmento_viajante")),
            RecencyScore = row.GetInt32(row.GetOrdinal("score_r")),
            FrequencyScore = row.GetInt32(row.GetOrdinal("score_f")),
            MonetaryScore = row.GetInt32(row.GetOrdinal("score_m")),
            RfmScore = row.GetInt32(row.GetOrdinal("pontuacao_rfm")),
            Potential = row.GetString(row.GetOrdinal("potencial_cliente")),
        },
        row.GetString(row.GetOrdinal("regra_versao")),
        row.IsDBNull(row.GetOrdinal("data_inatividade")) ? null : row.GetFieldValue<DateOnly>(row.GetOrdinal("data_inatividade")));
}
