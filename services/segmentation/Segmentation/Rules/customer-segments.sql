-- Rule set {{rule_set_version}} of SEGMENTATION_RULES.md: one row per customer with a purchase on or before the
-- reference date D, every column of the rules in their order, then the rule set version and, for an inactive
-- customer, the day they became inactive.
--
-- Portable to Athena (Trino) as written: ANSI SQL and window functions only. All arithmetic is exact: integers and
-- DECIMAL. Integer division is written (a - mod(a, b)) / b, whose result is a whole number in both engines; every
-- ratio the rules compare against a threshold is compared cross-multiplied (a >= t * b), never as a rounded
-- fraction. {{...}} are the configured thresholds, filled in as literals.
WITH compras AS (
    -- A purchase: a landed order on or before D with a positive value and at least one ticket.
    SELECT fk_contact, date_purchase, gmv_success, total_tickets_quantity_success
    FROM purchases
    WHERE date_purchase <= {{reference_date}}
      AND gmv_success > 0
      AND total_tickets_quantity_success > 0
),
datas AS (
    -- Each distinct purchase date of a customer, with the days since their previous one.
    SELECT fk_contact,
           date_diff('day', lag(date_purchase) OVER (PARTITION BY fk_contact ORDER BY date_purchase), date_purchase) AS intervalo
    FROM (SELECT DISTINCT fk_contact, date_purchase FROM compras) AS distintas
),
intervalos AS (
    SELECT fk_contact,
           intervalo,
           row_number() OVER (PARTITION BY fk_contact ORDER BY intervalo) AS posicao,
           count(*) OVER (PARTITION BY fk_contact) AS quantidade
    FROM datas
    WHERE intervalo IS NOT NULL
),
medianas AS (
    -- Twice the exact median of the gaps: the middle gap doubled (odd count) or the two middle gaps added (even).
    SELECT fk_contact,
           CASE WHEN count(*) = 1 THEN 2 * sum(intervalo) ELSE sum(intervalo) END AS mediana_dobro
    FROM intervalos
    WHERE posicao IN ((quantidade + 1 - mod(quantidade + 1, 2)) / 2, (quantidade + 2 - mod(quantidade + 2, 2)) / 2)
    GROUP BY fk_contact
),
fatos AS (
    SELECT fk_contact,
           min(date_purchase) AS primeira_compra,
           max(date_purchase) AS ultima_compra,
           count(*) AS frequencia,
           count(DISTINCT date_purchase) AS dias_com_compra,
           sum(gmv_success) AS valor_total_gasto,
           sum(total_tickets_quantity_success) AS total_passagens,
           count(DISTINCT year(date_purchase)) AS anos_com_compra,
           count(CASE WHEN month(date_purchase) IN ({{high_season_months}}) THEN 1 END) AS compras_alta_temporada
    FROM compras
    GROUP BY fk_contact
),
limites AS (
    SELECT fatos.*,
           date_diff('day', ultima_compra, {{reference_date}}) AS recencia_dias,
           CASE WHEN dias_com_compra >= {{min_purchase_days_for_median}} THEN mediana_dobro END AS mediana_dobro,
           CAST(valor_total_gasto * 100 AS BIGINT) AS valor_centavos
    FROM fatos
    LEFT JOIN medianas USING (fk_contact)
),
classificados AS (
    SELECT limites.*,
           CASE
               WHEN mediana_dobro IS NULL THEN {{default_limit_days}}
               -- ceil(multiplier * median) = ceil(multiplier * mediana_dobro / 2), for whole numbers
               ELSE least({{max_limit_days}}, greatest({{min_limit_days}},
                   CAST(({{median_multiplier}} * mediana_dobro + 1 - mod({{median_multiplier}} * mediana_dobro + 1, 2)) / 2 AS BIGINT)))
           END AS limite_inatividade_dias,
           -- percent_rank = posicao_valor / divisor_valor exactly ((rank - 1) / (n - 1); 0 when n = 1)
           rank() OVER (ORDER BY valor_total_gasto) - 1 AS posicao_valor,
           greatest(count(*) OVER () - 1, 1) AS divisor_valor
    FROM limites
),
pontuados AS (
    SELECT classificados.*,
           CASE WHEN recencia_dias > limite_inatividade_dias THEN 'Inativo' ELSE 'Ativo' END AS status_cliente,
           CASE WHEN posicao_valor >= {{high_value_percentile}} * divisor_valor THEN 'Alto Valor' ELSE 'Baixo Valor' END AS faixa_valor,
           anos_com_compra >= {{seasonal_min_years}} AND compras_alta_temporada >= {{seasonal_min_share}} * frequencia AS sazonal,
           CASE
               WHEN 4 * recencia_dias <= limite_inatividade_dias THEN 5
               WHEN 2 * recencia_dias <= limite_inatividade_dias THEN 4
               WHEN recencia_dias <= limite_inatividade_dias THEN 3
               WHEN recencia_dias <= 2 * limite_inatividade_dias THEN 2
               ELSE 1
           END AS score_r,
           CASE
               WHEN frequencia = 1 THEN 1
               WHEN frequencia = 2 THEN 2
               WHEN frequencia <= 4 THEN 3
               WHEN frequencia <= 9 THEN 4
               ELSE 5
           END AS score_f,
           CASE
               WHEN 5 * posicao_valor < 1 * divisor_valor THEN 1
               WHEN 5 * posicao_valor < 2 * divisor_valor THEN 2
               WHEN 5 * posicao_valor < 3 * divisor_valor THEN 3
               WHEN 5 * posicao_valor < 4 * divisor_valor THEN 4
               ELSE 5
           END AS score_m
    FROM classificados
)
SELECT fk_contact,
       {{reference_date}} AS data_referencia,
       primeira_compra,
       ultima_compra,
       CAST(frequencia AS INTEGER) AS frequencia,
       CAST(dias_com_compra AS INTEGER) AS dias_com_compra,
       CAST(valor_total_gasto AS DECIMAL(18, 2)) AS valor_total_gasto,
       CAST(total_passagens AS INTEGER) AS total_passagens,
       -- valor / frequencia in cents, rounded half away from zero: floor((2 * cents + f) / (2 * f))
       CAST(CAST(((2 * valor_centavos + frequencia) - mod(2 * valor_centavos + frequencia, 2 * frequencia)) / (2 * frequencia) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2)) AS ticket_medio,
       CAST(recencia_dias AS INTEGER) AS recencia_dias,
       CAST(CAST(mediana_dobro AS DECIMAL(18, 1)) * 0.5 AS DECIMAL(10, 1)) AS intervalo_mediano_dias,
       CAST(limite_inatividade_dias AS INTEGER) AS limite_inatividade_dias,
       CASE WHEN mediana_dobro IS NULL THEN 'padrao' ELSE 'intervalo_pessoal' END AS regra_limite,
       CAST(anos_com_compra AS INTEGER) AS anos_com_compra,
       -- shown to 6 places, rounded down, so that a shown value meets a threshold exactly when the true one does
       CAST(CAST((1000000 * compras_alta_temporada - mod(1000000 * compras_alta_temporada, frequencia)) / frequencia AS DECIMAL(18, 0)) * 0.000001 AS DECIMAL(7, 6)) AS share_alta_temporada,
       status_cliente,
       CAST(CAST((1000000 * posicao_valor - mod(1000000 * posicao_valor, divisor_valor)) / divisor_valor AS DECIMAL(18, 0)) * 0.000001 AS DECIMAL(7, 6)) AS percentil_valor,
       faixa_valor,
       status_cliente || ' de ' || faixa_valor AS perfil_cliente,
       sazonal,
       CASE
           WHEN faixa_valor = 'Alto Valor' THEN 'Viajante de Alto Valor'
           WHEN sazonal THEN 'Viajante Sazonal'
           WHEN frequencia >= {{frequent_min_purchases}} THEN 'Viajante Frequente'
           WHEN frequencia >= 2 THEN 'Viajante Ocasional'
           ELSE 'Viajante de Compra Única'
       END AS segmento_viajante,
       score_r,
       score_f,
       score_m,
       score_r + score_f + score_m AS pontuacao_rfm,
       CASE
           WHEN score_r + score_f + score_m >= {{gold_min_score}} THEN 'Ouro'
           WHEN score_r + score_f + score_m >= {{silver_min_score}} THEN 'Prata'
           ELSE 'Bronze'
       END AS potencial_cliente,
       '{{rule_set_version}}' AS regra_versao,
       CASE WHEN status_cliente = 'Inativo'
            THEN CAST(ultima_compra + (limite_inatividade_dias + 1) * INTERVAL '1' DAY AS DATE)
       END AS data_inatividade
FROM pontuados
