-- How a run loads each version, field by field, as told when it was saved (the runtime's Pushdown). Null for versions
-- saved before it was recorded, or when the source's engine could not be told at the save.
ALTER TABLE mapping_version ADD COLUMN pushdown jsonb;
