-- Source connections of each organization. Credentials and test results arrive with the connections stage.
CREATE TABLE connection (
  id               uuid        PRIMARY KEY,
  organization_id  text        NOT NULL,
  name             text        NOT NULL,
  type             text        NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, name)
);
