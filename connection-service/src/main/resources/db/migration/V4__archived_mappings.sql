-- An archived mapping no longer uses its connection, but keeps its row as a tombstone: mapping.saved and
-- mapping.archived are not ordered with each other, so a save that arrives after the archive must not bring the use
-- back, and a run that pinned the mapping before it was archived still uses the connection while it is active.
ALTER TABLE connection_usage ADD COLUMN archived boolean NOT NULL DEFAULT false;
