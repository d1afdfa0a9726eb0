-- A snapshot is immutable: one row per discovery and one per table or view it found (the table's whole
-- definition as JSON, so a catalog of 10,000 tables is 10,000 rows, not 100,000 column rows).
ALTER TABLE catalog_snapshot
  ADD COLUMN table_count   integer NOT NULL DEFAULT 0,
  ADD COLUMN column_count  integer NOT NULL DEFAULT 0,
  ADD COLUMN duration_ms   bigint  NOT NULL DEFAULT 0;

CREATE TABLE snapshot_table (
  snapshot_id  uuid    NOT NULL REFERENCES catalog_snapshot (id) ON DELETE CASCADE,
  schema_name  text    NOT NULL,
  table_name   text    NOT NULL,
  kind         text    NOT NULL,
  row_estimate bigint  NOT NULL,
  size_bytes   bigint,
  definition   jsonb   NOT NULL,
  PRIMARY KEY (snapshot_id, schema_name, table_name)
);
CREATE INDEX snapshot_table_search ON snapshot_table (snapshot_id, lower(schema_name || '.' || table_name) text_pattern_ops);

-- Discoveries, running or done: what POST …/discover answers and a client polls for progress.
CREATE TABLE discovery (
  id               uuid        PRIMARY KEY,
  organization_id  text        NOT NULL,
  connection_id    uuid        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
  tables_found     integer     NOT NULL DEFAULT 0,
  failure_code     text,
  snapshot_id      uuid,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX discovery_by_connection ON discovery (organization_id, connection_id, started_at DESC);
