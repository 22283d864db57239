-- The local catalog: what the Glue Data Catalog holds on AWS. Batches, the files each landed,
-- and the schema the crawler inferred for each.
CREATE TABLE IF NOT EXISTS ingest_batches (
    batch_id      VARCHAR PRIMARY KEY,
    sha256        VARCHAR NOT NULL,
    file_name     VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,          -- landed | refused
    message       VARCHAR,
    completed_at  TIMESTAMPTZ NOT NULL,
    report        VARCHAR NOT NULL           -- the batch report as JSON
);

CREATE TABLE IF NOT EXISTS batch_files (
    batch_id      VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,          -- lake-relative
    year          INTEGER NOT NULL,
    month         INTEGER NOT NULL,
    rows          BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS batch_schemas (
    batch_id      VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    column_name   VARCHAR NOT NULL,
    inferred_type VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS batch_schema_drift (
    batch_id      VARCHAR NOT NULL,
    drift         VARCHAR NOT NULL
);
