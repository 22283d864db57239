using System.Text.Json.Serialization;

namespace InactiveCustomers.Contracts;

/// <summary>
/// One customer's row of a segmentation run, exactly the columns of SEGMENTATION_RULES.md. On the wire the
/// properties carry the Portuguese column names analysts and dashboards use, so an event's row reads like the
/// exported CSV and the BI view <c>vw_clientes_segmentados</c>.
/// </summary>
public sealed record CustomerSegment
{
    /// <summary>Pseudonymised customer id (64 hex characters).</summary>
    [JsonPropertyName("fk_contact")]
    public required string CustomerId { get; init; }

    /// <summary>The run's reference date D.</summary>
    [JsonPropertyName("data_referencia")]
    public required DateOnly ReferenceDate { get; init; }

    /// <summary>Date of the customer's first purchase on or before D.</summary>
    [JsonPropertyName("primeira_compra")]
    public required DateOnly FirstPurchase { get; init; }

    /// <summary>Date of the customer's last purchase on or before D.</summary>
    [JsonPropertyName("ultima_compra")]
    public required DateOnly LastPurchase { get; init; }

    /// <summary>Number of purchases (orders with positive value and tickets) on or before D.</summary>
    [JsonPropertyName("frequencia")]
    public required int Frequency { get; init; }

    /// <summary>Number of distinct purchase dates.</summary>
    [JsonPropertyName("dias_com_compra")]
    public required int PurchaseDays { get; init; }

    /// <summary>Sum of gmv_success in BRL, 2 decimal places.</summary>
    [JsonPropertyName("valor_total_gasto")]
    public required decimal TotalSpent { get; init; }

    /// <summary>Sum of tickets over all purchases.</summary>
    [JsonPropertyName("total_passagens")]
    public required int TotalTickets { get; init; }

    /// <summary>valor_total_gasto / frequencia, rounded to 2 places.</summary>
    [JsonPropertyName("ticket_medio")]
    public required decimal AverageTicket { get; init; }

    /// <summary>Days from the last purchase to D.</summary>
    [JsonPropertyName("recencia_dias")]
    public required int RecencyDays { get; init; }

    /// <summary>Exact median of the day gaps between consecutive distinct purchase dates; null with fewer than 3 purchase days.</summary>
    [JsonPropertyName("intervalo_mediano_dias")]
    public decimal? MedianIntervalDays { get; init; }

    /// <summary>Days without a purchase after which the customer counts as inactive.</summary>
    [JsonPropertyName("limite_inatividade_dias")]
    public required int InactivityLimitDays { get; init; }

    /// <summary><c>intervalo_pessoal</c> when the limit comes from the customer's own median interval, else <c>padrao</c>.</summary>
    [JsonPropertyName("regra_limite")]
    public required string LimitRule { get; init; }

    /// <summary>Number of distinct calendar years with a purchase.</summary>
    [JsonPropertyName("anos_com_compra")]
    public required int PurchaseYears { get; init; }

    /// <summary>Share of purchases made in high-season months (January, July, December by default), 0 to 1.</summary>
    [JsonPropertyName("share_alta_temporada")]
    public required decimal HighSeasonShare { get; init; }

    /// <summary><c>Ativo</c> or <c>Inativo</c>.</summary>
    [JsonPropertyName("status_cliente")]
    public required string Status { get; init; }

    /// <summary>Percent rank of valor_total_gasto among the run's customers, 0 to 1.</summary>
    [JsonPropertyName("percentil_valor")]
    public required decimal ValuePercentile { get; init; }

    /// <summary><c>Alto Valor</c> or <c>Baixo Valor</c>.</summary>
    [JsonPropertyName("faixa_valor")]
    public required string ValueBand { get; init; }

    /// <summary>Status and value band, e.g. <c>Inativo de Alto Valor</c>.</summary>
    [JsonPropertyName("perfil_cliente")]
    public required string Profile { get; init; }

    /// <summary>True when the customer buys in at least 2 years, mostly in high season.</summary>
    [JsonPropertyName("sazonal")]
    public required bool Seasonal { get; init; }

    /// <summary>Traveller segment, e.g. <c>Viajante Sazonal</c>.</summary>
    [JsonPropertyName("segmento_viajante")]
    public required string TravellerSegment { get; init; }

    /// <summary>Recency score, 1 (long gone) to 5 (recent for this customer).</summary>
    [JsonPropertyName("score_r")]
    public required int RecencyScore { get; init; }

    /// <summary>Frequency score, 1 to 5.</summary>
    [JsonPropertyName("score_f")]
    public required int FrequencyScore { get; init; }

    /// <summary>Monetary score, 1 to 5.</summary>
    [JsonPropertyName("score_m")]
    public required int MonetaryScore { get; init; }

    /// <summary>score_r + score_f + score_m, 3 to 15.</summary>
    [JsonPropertyName("pontuacao_rfm")]
    public required int RfmScore { get; init; }

    /// <summary><c>Ouro</c>, <c>Prata</c> or <c>Bronze</c>: how likely the customer is to come back.</summary>
    [JsonPropertyName("potencial_cliente")]
    public required string Potential { get; init; }
}
