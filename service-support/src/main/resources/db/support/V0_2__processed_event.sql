-- Events a consumer group has applied, recorded in the same transaction as their effect.
CREATE TABLE processed_event (
  consumer_group  text        NOT NULL,
  event_id        uuid        NOT NULL,
  event_type      text        NOT NULL,
  processed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
