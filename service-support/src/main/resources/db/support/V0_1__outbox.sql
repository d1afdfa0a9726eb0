-- Events waiting to be published, written in the same transaction as the state change they announce.
CREATE TABLE outbox (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id         uuid        NOT NULL UNIQUE,
  event_type       text        NOT NULL,
  topic            text        NOT NULL,
  aggregate_id     text        NOT NULL,
  organization_id  text        NOT NULL,
  schema_version   integer     NOT NULL,
  payload          jsonb       NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  published_at     timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
