-- Deleting a mapping archives it: the row and every version stay (runs that pinned a version keep it), but the mapping
-- is gone from every read, save, validation, lookup and new run. Its name is free again for a new mapping.
ALTER TABLE mapping
  ADD COLUMN archived_at  timestamptz,
  ADD COLUMN archived_by  text;

ALTER TABLE mapping DROP CONSTRAINT mapping_organization_id_name_key;
CREATE UNIQUE INDEX mapping_live_name ON mapping (organization_id, name) WHERE archived_at IS NULL;
