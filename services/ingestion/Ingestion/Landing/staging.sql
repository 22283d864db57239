-- Accepted orders of one batch, as the validator wrote them (typed text, sentinels already empty),
-- minus orders whose id landed in an earlier batch: the first one wins.
CREATE OR REPLACE TEMP TABLE staged_orders AS
SELECT * FROM read_csv({staging},
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
    });

CREATE OR REPLACE TEMP TABLE new_orders AS
SELECT s.* FROM staged_orders AS s
WHERE NOT EXISTS (SELECT 1 FROM order_ids AS o WHERE o.nk_ota_localizer_id = s.nk_ota_localizer_id);
