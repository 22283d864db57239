-- No batch has landed yet: the same columns, no rows.
CREATE OR REPLACE VIEW purchases AS
SELECT
    CAST(NULL AS VARCHAR)       AS nk_ota_localizer_id,
    CAST(NULL AS VARCHAR)       AS fk_contact,
    CAST(NULL AS DATE)          AS date_purchase,
    CAST(NULL AS TIME)          AS time_purchase,
    CAST(NULL AS VARCHAR)       AS place_origin_departure,
    CAST(NULL AS VARCHAR)       AS place_destination_departure,
    CAST(NULL AS VARCHAR)       AS place_origin_return,
    CAST(NULL AS VARCHAR)       AS place_destination_return,
    CAST(NULL AS VARCHAR)       AS fk_departure_ota_bus_company,
    CAST(NULL AS VARCHAR)       AS fk_return_ota_bus_company,
    CAST(NULL AS DECIMAL(12,2)) AS gmv_success,
    CAST(NULL AS INTEGER)       AS total_tickets_quantity_success,
    CAST(NULL AS VARCHAR)       AS batch_id,
    CAST(NULL AS BIGINT)        AS source_line,
    CAST(NULL AS INTEGER)       AS year,
    CAST(NULL AS INTEGER)       AS month
WHERE false;
