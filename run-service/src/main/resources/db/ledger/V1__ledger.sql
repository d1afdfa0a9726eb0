-- The chunk ledger and the quarantine, in the target database so that a chunk's rows, its rejects and its ledger
-- row commit in one transaction. Written to be idempotent: a target whose ledger was made before this history existed
-- is baselined at version 0 and gets this script too, changing nothing.
CREATE TABLE IF NOT EXISTS chunk (
  run_id          uuid        NOT NULL,
  chunk_no        int         NOT NULL,
  organization_id text        NOT NULL,
  mapping_id      uuid        NOT NULL,
  ordinal         int         NOT NULL,
  stage           int         NOT NULL,
  kind            text        NOT NULL DEFAULT 'LOAD',
  lower_bound     jsonb,
  upper_bound     jsonb,
  estimated_rows  bigint      NOT NULL DEFAULT 0,
  status          text        NOT NULL DEFAULT 'PENDING',
  owner           text,
  fencing_token   bigint      NOT NULL DEFAULT 0,
  lease_until     timestamptz,
  attempts        int         NOT NULL DEFAULT 0,
  published_at    timestamptz,
  available_at    timestamptz,
  written         boolean     NOT NULL DEFAULT false,
  path            text,
  rows_read       bigint      NOT NULL DEFAULT 0,
  rows_written    bigint      NOT NULL DEFAULT 0,
  rows_rejected   bigint      NOT NULL DEFAULT 0,
  started_at      timestamptz,
  finished_at     timestamptz,
  write_ms        bigint,
  reconciliation  jsonb,
  error_code      text,
  PRIMARY KEY (run_id, chunk_no)
);
ALTER TABLE chunk ADD COLUMN IF NOT EXISTS available_at timestamptz;
CREATE INDEX IF NOT EXISTS chunk_open ON chunk (run_id) WHERE status <> 'DONE';
CREATE INDEX IF NOT EXISTS chunk_waiting ON chunk (run_id, stage, chunk_no) WHERE status = 'PENDING';

CREATE TABLE IF NOT EXISTS reject (
  id              bigserial   PRIMARY KEY,
  run_id          uuid        NOT NULL,
  organization_id text        NOT NULL,
  mapping_id      uuid        NOT NULL,
  chunk_no        int         NOT NULL,
  source_key      jsonb       NOT NULL,
  raw             jsonb       NOT NULL,
  field           text,
  code            text        NOT NULL,
  reason          text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  resolved_at     timestamptz
);
CREATE INDEX IF NOT EXISTS reject_by_run ON reject (run_id, mapping_id, id);
