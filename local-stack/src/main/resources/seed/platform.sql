-- Demo target: the platform's own tables that migrations may write. Ids are the platform's own;
-- external_ref keeps the source system's key, so writes are idempotent and foreign keys can be
-- translated from source ids to platform ids.
CREATE TABLE provider (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_ref  text NOT NULL UNIQUE,
  name          text NOT NULL,
  specialty     text,
  npi           text,
  hired_on      date
);

CREATE TABLE patient (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_ref           text NOT NULL UNIQUE,
  medical_record_number  text NOT NULL UNIQUE,
  given_name             text,
  family_name            text,
  birth_date             date,
  sex                    text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'unknown')),
  email                  text,
  phone                  text,
  balance                numeric(12, 2),
  active                 boolean NOT NULL,
  created_at             timestamptz NOT NULL,
  notes                  text,
  primary_provider_id    bigint REFERENCES provider (id)
);

CREATE TABLE appointment (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_ref  text NOT NULL UNIQUE,
  patient_id    bigint NOT NULL REFERENCES patient (id),
  provider_id   bigint REFERENCES provider (id),
  starts_at     timestamp NOT NULL,
  status        text NOT NULL CHECK (status IN ('scheduled', 'completed', 'no_show', 'cancelled')),
  reason        text
);
