CREATE TABLE sentinel (id int PRIMARY KEY, note text);
INSERT INTO sentinel VALUES (1, 'still here'), (2, 'me too');

CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Order" ("Id" int, "LineNo" int, "select" text, "Amount" numeric(12,2) NOT NULL DEFAULT 0,
  PRIMARY KEY ("Id", "LineNo"));
INSERT INTO "Sales"."Order" VALUES (1, 1, 'from', 10.50), (1, 2, NULL, 3.25), (2, 1, 'where', 0);

CREATE TABLE customers (id uuid PRIMARY KEY, email varchar(120) NOT NULL UNIQUE, name text);
INSERT INTO customers VALUES ('11111111-1111-1111-1111-111111111111', 'ana@example.org', 'Ana'),
  ('22222222-2222-2222-2222-222222222222', 'bo@example.org', NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id uuid NOT NULL REFERENCES customers (id), placed date);
CREATE INDEX orders_by_customer ON orders (customer_id, placed);
INSERT INTO orders VALUES (1, '11111111-1111-1111-1111-111111111111', '2024-02-29');

CREATE TABLE no_pk_log (msg text, at timestamptz);
INSERT INTO no_pk_log VALUES ('hello', '2024-01-01T10:00:00Z'), ('hello', NULL);

CREATE VIEW active_customers AS SELECT id, email FROM customers WHERE name IS NOT NULL;

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE all_types (
  id serial PRIMARY KEY, n numeric(12,2), f float8, r real, i2 smallint, i8 bigint, b boolean, d date, t time,
  ts timestamp, tstz timestamptz, j json, jb jsonb, ba bytea, u uuid, arr int[], txt text, vc varchar(40), ch char(3),
  iv interval, m mood);
INSERT INTO all_types (n, f, r, i2, i8, b, d, t, ts, tstz, j, jb, ba, u, arr, txt, vc, ch, iv, m) VALUES
  (1234567890.12, 1.5, 2.25, 32767, 9223372036854775807, true, '2024-02-29', '23:59:59', '2024-02-29 12:00:00',
   '2024-02-29T12:00:00+02:00', '{"a": 1}', '{"b": [1, 2]}', '\xdeadbeef', '33333333-3333-3333-3333-333333333333',
   '{1,2,3}', 'long text', 'varchar', 'abc', '1 day 2 hours', 'happy'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE "pacientes_ñandú" ("número" int PRIMARY KEY, "ümlaut" text);
INSERT INTO "pacientes_ñandú" VALUES (1, 'äöü');

CREATE TABLE "a""; DROP TABLE t;--" (id int PRIMARY KEY, "x""y" text);
INSERT INTO "a""; DROP TABLE t;--" VALUES (1, 'quoted');

CREATE TABLE to_rename (id int PRIMARY KEY, label text);
CREATE TABLE drifting (id int PRIMARY KEY, keep text, gone text, retyped int);
ANALYZE;
