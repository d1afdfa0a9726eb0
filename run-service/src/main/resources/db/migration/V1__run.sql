-- Runs of each organization (planning, ledger and progress arrive with the runs stage).
CREATE TABLE run (
  id               uuid        PRIMARY KEY,
  organization_id  text        NOT NULL,
  status           text        NOT NULL,
  requested_by     text        NOT NULL,
  requested_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX run_by_organization ON run (organization_id, requested_at DESC);
