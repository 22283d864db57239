-- Curated orders of every landed batch. Only files registered by a committed batch are read, so a batch
-- that crashed half-way is never visible. year and month come from the hive partition path.
CREATE OR REPLACE VIEW purchases AS
SELECT * FROM read_parquet({files}, hive_partitioning = true, hive_types = {'year': INTEGER, 'month': INTEGER});
