-- Immutable catalog snapshots of source connections, one per discovery.
CREATE TABLE catalog_snapshot (
  id               uuid        PRIMARY KEY,
  organization_id  text        NOT NULL,
  connection_id    uuid        NOT NULL,
  fingerprint      text        NOT NULL,
  taken_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_snapshot_by_connection ON catalog_snapshot (organization_id, connection_id, taken_at DESC);
