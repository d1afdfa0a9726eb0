-- Mappings of each organization; every save adds an immutable version (arrives with the mappings stage).
CREATE TABLE mapping (
  id               uuid        PRIMARY KEY,
  organization_id  text        NOT NULL,
  name             text        NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, name)
);
