-- GENERATED from bi-views.sql with the Athena dialect of BiViews.cs: do not edit by hand.
-- Regenerate: ./inactive-customers athena-views --out services/segmentation/Segmentation/Views/bi-views.athena.sql
-- Run each statement as its own Athena query, in the Glue database that holds the tables purchases and
-- customer_segments (partitioned by as_of; a partition is added when a segmentation run completes).

CREATE OR REPLACE VIEW vw_vendas_diarias AS
SELECT date_purchase AS data,
       year(date_purchase) AS ano,
       quarter(date_purchase) AS trimestre,
       month(date_purchase) AS mes,
       day(date_purchase) AS dia,
       sum(gmv_success) AS gmv_success,
       CAST(sum(total_tickets_quantity_success) AS BIGINT) AS total_tickets_quantity_success,
       count(*) AS pedidos
FROM purchases
WHERE gmv_success > 0
GROUP BY date_purchase;

CREATE OR REPLACE VIEW vw_vendas_anuais AS
SELECT year(date_purchase) AS ano,
       sum(gmv_success) AS gmv_success,
       CAST(sum(total_tickets_quantity_success) AS BIGINT) AS total_tickets_quantity_success,
       count(*) AS pedidos
FROM purchases
WHERE gmv_success > 0
GROUP BY year(date_purchase);

CREATE OR REPLACE VIEW vw_clientes_segmentados AS
SELECT fk_contact, data_referencia, primeira_compra, ultima_compra, frequencia, dias_com_compra, valor_total_gasto,
       total_passagens, ticket_medio, recencia_dias, intervalo_mediano_dias, limite_inatividade_dias, regra_limite,
       anos_com_compra, share_alta_temporada, status_cliente, percentil_valor, faixa_valor, perfil_cliente, sazonal,
       segmento_viajante, score_r, score_f, score_m, pontuacao_rfm, potencial_cliente
FROM (SELECT * FROM customer_segments WHERE as_of = (SELECT max(as_of) FROM customer_segments));

CREATE OR REPLACE VIEW vw_status_clientes AS
SELECT status_cliente, count(*) AS clientes
FROM (SELECT * FROM customer_segments WHERE as_of = (SELECT max(as_of) FROM customer_segments))
GROUP BY status_cliente;

CREATE OR REPLACE VIEW vw_resumo_segmentos AS
SELECT perfil_cliente, potencial_cliente, segmento_viajante, count(*) AS clientes, sum(valor_total_gasto) AS valor_total_gasto
FROM (SELECT * FROM customer_segments WHERE as_of = (SELECT max(as_of) FROM customer_segments))
GROUP BY perfil_cliente, potencial_cliente, segmento_viajante;

CREATE OR REPLACE VIEW vw_kpis AS
SELECT (SELECT sum(gmv_success) FROM purchases WHERE gmv_success > 0) AS soma_gmv_success,
       (SELECT CAST(sum(total_tickets_quantity_success) AS BIGINT) FROM purchases WHERE gmv_success > 0) AS soma_total_tickets_quantity_success,
       (SELECT coalesce(sum(valor_total_gasto), 0) FROM (SELECT * FROM customer_segments WHERE as_of = (SELECT max(as_of) FROM customer_segments)) WHERE perfil_cliente = 'Inativo de Alto Valor') AS valor_inativo_alto_valor,
       (SELECT count(*) FROM (SELECT * FROM customer_segments WHERE as_of = (SELECT max(as_of) FROM customer_segments)) WHERE perfil_cliente = 'Inativo de Alto Valor') AS clientes_inativo_alto_valor;
