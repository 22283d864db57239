-- One curated partition of a batch: its staged orders (one or two staging files) as typed Parquet
-- (sentinels are already NULL, gmv_success exact cents, DECIMAL(12,2)), less repeats found afterwards.
COPY (
    SELECT
        nk_ota_localizer_id, fk_contact, date_purchase, time_purchase,
        place_origin_departure, place_destination_departure, place_origin_return, place_destination_return,
        fk_departure_ota_bus_company, fk_return_ota_bus_company,
        gmv_success, total_tickets_quantity_success,
        {batch} AS batch_id, source_line
    FROM read_csv({staging},
        header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '',
        columns = {
            'source_line': 'BIGINT',
            'nk_ota_localizer_id': 'VARCHAR',
            'fk_contact': 'VARCHAR',
            'date_purchase': 'DATE',
            'time_purchase': 'TIME',
            'place_origin_departure': 'VARCHAR',
            'place_destination_departure': 'VARCHAR',
            'place_origin_return': 'VARCHAR',
            'place_destination_return': 'VARCHAR',
            'fk_departure_ota_bus_company': 'VARCHAR',
            'fk_return_ota_bus_company': 'VARCHAR',
            'gmv_success': 'DECIMAL(12,2)',
            'total_tickets_quantity_success': 'INTEGER'
        })
    {exclude}
) TO {target} (FORMAT parquet, COMPRESSION snappy);
