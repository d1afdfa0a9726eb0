-- What a chunk's bounds are: the whole table, key values, or heap pages of a table without a key. Before this column
-- a page bound was told from a key bound by its mapping's key; chunks recorded then are classified by their shape.
ALTER TABLE chunk ADD COLUMN range_kind text;
UPDATE chunk SET range_kind = CASE
    WHEN lower_bound IS NULL AND upper_bound IS NULL THEN 'WHOLE'
    WHEN coalesce(jsonb_array_length(lower_bound) = 1 AND lower_bound ->> 0 ~ '^\(\d{1,10},0\)$', true)
     AND coalesce(jsonb_array_length(upper_bound) = 1 AND upper_bound ->> 0 ~ '^\(\d{1,10},0\)$', true) THEN 'TUPLE_ID'
    ELSE 'KEY' END;
ALTER TABLE chunk ALTER COLUMN range_kind SET NOT NULL;

-- Closed sets, as the code names them (ChunkStatus, ChunkKind, LoadPath, KeyRange).
ALTER TABLE chunk ADD CONSTRAINT chunk_status_known CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED'));
ALTER TABLE chunk ADD CONSTRAINT chunk_kind_known CHECK (kind IN ('LOAD', 'REPLAY'));
ALTER TABLE chunk ADD CONSTRAINT chunk_range_kind_known CHECK (range_kind IN ('WHOLE', 'KEY', 'TUPLE_ID'));
ALTER TABLE chunk ADD CONSTRAINT chunk_path_known
  CHECK (path IS NULL OR path IN ('COPY_BINARY', 'COPY_BINARY_MERGE', 'DECODE', 'REPLAY'));
