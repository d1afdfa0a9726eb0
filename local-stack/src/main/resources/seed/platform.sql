-- Demo target: the platform's own tables that migrations may write. Ids are the platform's own;
-- external_ref keeps the source system's key, so writes are idempotent and foreign keys can be
-- translated from source ids to platform ids.
--
-- The tables are shared by every organization: organization_id holds the owning organization, set by
-- the platform on every row a run writes (never mapped). Every unique constraint includes it, so two
-- organizations may bring the same legacy keys, and every foreign key includes it, so a row can only
-- reference a row of its own organization.
CREATE TABLE provider (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id  text NOT NULL,
  external_ref     text NOT NULL,
  name             text NOT NULL,
  specialty        text,
  npi              text,
  hired_on         date,
  UNIQUE (organization_id, external_ref),
  UNIQUE (organization_id, id)
);

CREATE TABLE patient (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id        text NOT NULL,
  external_ref           text NOT NULL,
  medical_record_number  text NOT NULL,
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
  primary_provider_id    bigint,
  UNIQUE (organization_id, external_ref),
  UNIQUE (organization_id, medical_record_number),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, primary_provider_id) REFERENCES provider (organization_id, id)
);

CREATE TABLE appointment (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id  text NOT NULL,
  external_ref     text NOT NULL,
  patient_id       bigint NOT NULL,
  provider_id      bigint,
  starts_at        timestamp NOT NULL,
  status           text NOT NULL CHECK (status IN ('scheduled', 'completed', 'no_show', 'cancelled')),
  reason           text,
  UNIQUE (organization_id, external_ref),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patient (organization_id, id),
  FOREIGN KEY (organization_id, provider_id) REFERENCES provider (organization_id, id)
);
