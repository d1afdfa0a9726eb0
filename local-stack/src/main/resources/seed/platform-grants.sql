-- What the services' own roles may do in the platform database (run on it as the superuser after platform.sql;
-- idempotent). Nobody else may connect. run-service writes the target tables and owns the chunk ledger (dm_ledger);
-- mapping-service reads the target catalog and may insert only to try rows in a transaction it always rolls back
-- (previews show what the target would refuse). No other service, and not the demo source's reader, gets anything.
DO $$
BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO dm_run_app', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO dm_mapping_app', current_database());
END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dm_run_app, dm_mapping_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dm_run_app;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO dm_mapping_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dm_run_app, dm_mapping_app;
-- Target tables created later by the same administrator get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dm_run_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO dm_mapping_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO dm_run_app, dm_mapping_app;
-- The chunk ledger and the quarantine: run-service's alone.
CREATE SCHEMA IF NOT EXISTS dm_ledger AUTHORIZATION dm_run_app;
ALTER SCHEMA dm_ledger OWNER TO dm_run_app;
REVOKE ALL ON SCHEMA dm_ledger FROM PUBLIC;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'dm_ledger' AND c.relkind IN ('r', 'p') AND c.relowner <> 'dm_run_app'::regrole LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO dm_run_app', r.name);
  END LOOP;
END $$;
