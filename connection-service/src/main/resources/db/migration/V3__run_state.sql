-- What connection usage knows of each run: its mappings (from run.requested) and its latest status by sequence (from
-- run.progress). The two topics are not ordered with each other: a run's terminal progress may arrive before its
-- request, and a resumed run becomes active again without a new request.
CREATE TABLE run_state (
  run_id           uuid        PRIMARY KEY,
  organization_id  text        NOT NULL,
  mappings         uuid[],
  last_sequence    bigint      NOT NULL DEFAULT 0,
  terminal         boolean     NOT NULL DEFAULT false,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
