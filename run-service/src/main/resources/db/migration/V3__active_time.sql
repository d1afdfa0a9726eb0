-- How long a run has worked: the time of its earlier active periods (a replay or a resume starts a new one, so the
-- idle time between them is not counted) and when the current one began.
ALTER TABLE run
  ADD COLUMN active_ms  bigint      NOT NULL DEFAULT 0,
  ADD COLUMN resumed_at timestamptz;
