-- The batch's new orders as typed Parquet, one folder per year and month of purchase.
COPY (
    SELECT
        nk_ota_localizer_id, fk_contact, date_purchase, time_purchase,
        place_origin_departure, place_destination_departure, place_origin_return, place_destination_return,
        fk_departure_ota_bus_company, fk_return_ota_bus_company,
        gmv_success, total_tickets_quantity_success,
        {batch} AS batch_id, source_line,
        strftime(date_purchase, '%Y') AS year, strftime(date_purchase, '%m') AS month
    FROM new_orders
) TO {folder} (FORMAT parquet, PARTITION_BY (year, month), COMPRESSION zstd);
