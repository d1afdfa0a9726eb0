-- Every save of a mapping is a new immutable version; runs pin one. The mapping row points at the current one.
ALTER TABLE mapping
  ADD COLUMN current_version  integer NOT NULL DEFAULT 1,
  ADD COLUMN status           text    NOT NULL DEFAULT 'VALID' CHECK (status IN ('VALID', 'NEEDS_REVIEW')),
  ADD COLUMN review_reasons   jsonb   NOT NULL DEFAULT '[]',
  ADD COLUMN connection_id    uuid;

CREATE TABLE mapping_version (
  mapping_id  uuid        NOT NULL REFERENCES mapping (id) ON DELETE CASCADE,
  version     integer     NOT NULL,
  spec        jsonb       NOT NULL,
  warnings    jsonb       NOT NULL DEFAULT '[]',
  saved_by    text        NOT NULL,
  saved_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mapping_id, version)
);
