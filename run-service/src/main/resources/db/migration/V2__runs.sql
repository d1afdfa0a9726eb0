-- A run: what was asked, its lifecycle, and the latest progress it reported (the SSE stream and history read it).
ALTER TABLE run
  ADD COLUMN options       jsonb       NOT NULL DEFAULT '{}',
  ADD COLUMN started_at    timestamptz,
  ADD COLUMN finished_at   timestamptz,
  ADD COLUMN sequence      bigint      NOT NULL DEFAULT 0,
  ADD COLUMN progress      jsonb,
  ADD COLUMN error_code    text,
  ADD COLUMN error_message text,
  ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now();
CREATE INDEX run_active ON run (status) WHERE status IN ('QUEUED', 'PLANNING', 'RUNNING', 'CANCELLING');

-- Each mapping a run applies, pinned at the version it had when the run was requested, with what the worker
-- needs and nothing it must ask for again: the spec, the source and target tables as they were, lookup targets.
CREATE TABLE run_mapping (
  run_id          uuid    NOT NULL REFERENCES run (id),
  ordinal         int     NOT NULL,
  stage           int     NOT NULL,
  mapping_id      uuid    NOT NULL,
  version         int     NOT NULL,
  pinned          jsonb   NOT NULL,
  PRIMARY KEY (run_id, ordinal)
);
