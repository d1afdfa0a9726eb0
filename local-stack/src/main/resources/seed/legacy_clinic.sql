-- Demo source: a legacy clinic system, as such systems often look: dates and money kept as text,
-- single-letter codes, a smallint for booleans, timestamps without time zone.
CREATE TABLE providers (
  provider_id    integer PRIMARY KEY,
  full_nm        varchar(80) NOT NULL,
  specialty_cd   varchar(4),
  npi_txt        varchar(10),
  hired_dt_txt   varchar(10)               -- 'MM/DD/YYYY'
);

CREATE TABLE patients (
  patient_id           bigint PRIMARY KEY,
  mrn                  varchar(20) NOT NULL UNIQUE,
  first_nm             varchar(60),
  last_nm              varchar(60),
  dob_txt              varchar(10),         -- 'MM/DD/YYYY'
  sex_cd               char(1),             -- F, M, U
  email_addr           varchar(120),
  phone_no             varchar(20),
  balance_txt          varchar(16),         -- '1234.56'
  is_active            smallint,            -- 0/1
  created_ts           timestamp without time zone,
  notes                text,
  primary_provider_id  integer REFERENCES providers (provider_id)
);

CREATE TABLE appointments (
  appt_id        bigint PRIMARY KEY,
  patient_id     bigint NOT NULL REFERENCES patients (patient_id),
  provider_id    integer REFERENCES providers (provider_id),
  appt_dt_txt    varchar(8),                -- 'YYYYMMDD'
  appt_tm_txt    varchar(4),                -- 'HHMM'
  status_cd      char(1),                   -- S scheduled, C completed, N no-show, X cancelled
  reason_txt     text
);

INSERT INTO providers
SELECT g,
       (ARRAY['Dr. Amara Obi','Dr. Lena Fischer','Dr. Raj Patel','Dr. Sofia Rossi','Dr. Tomás Vega',
              'Dr. Yuki Tanaka','Dr. Omar Haddad','Dr. Grace Kim','Dr. Piotr Nowak','Dr. Ada Byrne'])[g],
       (ARRAY['FM','PED','CARD','DERM','ORTH'])[1 + g % 5],
       lpad((1000000000 + g * 7919)::text, 10, '0'),
       to_char(date '2005-03-01' + g * 97, 'MM/DD/YYYY')
FROM generate_series(1, 10) AS g;

INSERT INTO patients
SELECT g,
       'MRN' || lpad(g::text, 10, '0'),
       (ARRAY['Ana','Bo','Chen','Dmitri','Eve','Fatima','Gus','Hiro','Ines','José'])[1 + g % 10] || ' ',
       (ARRAY['Ng','Smith','Okafor','Müller','García','Kowalski','Haddad','Sato','Nguyen','O''Brien'])[1 + (g / 10) % 10],
       CASE WHEN g % 97 = 0 THEN '13/45/1990' ELSE to_char(date '1940-01-01' + (g * 37 % 25000), 'MM/DD/YYYY') END,
       (ARRAY['F','M','U'])[1 + g % 3],
       'patient' || g || '@example.org',
       '+1-555-' || lpad(g::text, 7, '0'),
       to_char((g * 1234 % 100000) / 100.0, 'FM999990.00'),
       (g % 7 <> 0)::int,
       timestamp '2001-01-01' + (g || ' hours')::interval,
       CASE WHEN g % 5 = 0 THEN NULL ELSE 'seen for ' || (ARRAY['checkup','flu','follow-up','injury'])[1 + g % 4] END,
       CASE WHEN g % 11 = 0 THEN NULL ELSE 1 + g % 10 END
FROM generate_series(1, 500) AS g;

INSERT INTO appointments
SELECT g,
       1 + (g * 13) % 500,
       1 + g % 10,
       to_char(date '2024-01-02' + g % 300, 'YYYYMMDD'),
       lpad((8 + g % 9)::text, 2, '0') || (ARRAY['00','15','30','45'])[1 + g % 4],
       (ARRAY['S','C','C','N','X'])[1 + g % 5],
       (ARRAY['annual exam','vaccination','lab review','consultation'])[1 + g % 4]
FROM generate_series(1, 2000) AS g;

-- The account the demo connection uses: read-only, and allowed to replicate for change data capture.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clinic_reader') THEN
    CREATE ROLE clinic_reader LOGIN REPLICATION PASSWORD 'clinic-demo';
  END IF;
END $$;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO clinic_reader;

ANALYZE;

-- Only the demo account connects (the platform's own roles do not).
DO $$
BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO clinic_reader', current_database());
END $$;
