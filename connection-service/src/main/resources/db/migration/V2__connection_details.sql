-- Everything a connection holds. The password is stored only as AES-256-GCM ciphertext with the id of its key.
ALTER TABLE connection
  ADD COLUMN host                 text    NOT NULL DEFAULT '',
  ADD COLUMN port                 integer NOT NULL DEFAULT 0,
  ADD COLUMN database_name        text    NOT NULL DEFAULT '',
  ADD COLUMN username             text    NOT NULL DEFAULT '',
  ADD COLUMN password_ciphertext  bytea,
  ADD COLUMN password_key_id      text,
  ADD COLUMN ssl_mode             text    NOT NULL DEFAULT 'PREFER',
  ADD COLUMN options              jsonb   NOT NULL DEFAULT '{}',
  ADD COLUMN revision             bigint  NOT NULL DEFAULT 1,
  ADD COLUMN last_test            jsonb,
  ADD COLUMN last_tested_at       timestamptz;

ALTER TABLE connection
  ALTER COLUMN host DROP DEFAULT,
  ALTER COLUMN port DROP DEFAULT,
  ALTER COLUMN database_name DROP DEFAULT,
  ALTER COLUMN username DROP DEFAULT;

CREATE INDEX connection_by_key ON connection (password_key_id);

-- What uses a connection, learnt from mapping.saved and run events: a connection in use cannot be deleted.
CREATE TABLE connection_usage (
  organization_id  text        NOT NULL,
  connection_id    uuid        NOT NULL,
  user_type        text        NOT NULL CHECK (user_type IN ('MAPPING', 'RUN')),
  user_id          uuid        NOT NULL,
  user_name        text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_type, user_id, connection_id)
);
CREATE INDEX connection_usage_by_connection ON connection_usage (organization_id, connection_id);
