CREATE TABLE legacy_patients (
  patient_id    bigint PRIMARY KEY,
  mrn           varchar(20) NOT NULL,
  first_nm      varchar(60),
  last_nm       varchar(60),
  dob_txt       varchar(10),          -- 'MM/DD/YYYY'
  sex_cd        char(1),
  email_addr    varchar(120),
  phone_no      varchar(20),
  balance_txt   varchar(16),          -- '1234.56'
  is_active     smallint,             -- 0/1
  created_ts    timestamp without time zone,
  notes         text
);
