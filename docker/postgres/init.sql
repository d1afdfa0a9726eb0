-- Run by the postgres image on its first start (empty data directory), with psql, as the superuser.
-- Each service logs in as its own role, which owns the service's database and nothing else: no role is superuser,
-- creates roles or databases, or replicates. The passwords come from the container's environment
-- (docker-compose.yml requires them); psql stops at the first error, so a missing one fails the first start.
\getenv connection_password DM_CONNECTION_DB_PASSWORD
\getenv explorer_password DM_EXPLORER_DB_PASSWORD
\getenv mapping_password DM_MAPPING_DB_PASSWORD
\getenv run_password DM_RUN_DB_PASSWORD

CREATE ROLE dm_connection_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'connection_password';
CREATE ROLE dm_explorer_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'explorer_password';
CREATE ROLE dm_mapping_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'mapping_password';
CREATE ROLE dm_run_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'run_password';

-- The services' own databases: each service creates its tables with Flyway, as the database's owner.
CREATE DATABASE dm_connection OWNER dm_connection_app;
CREATE DATABASE dm_explorer OWNER dm_explorer_app;
CREATE DATABASE dm_mapping OWNER dm_mapping_app;
CREATE DATABASE dm_run OWNER dm_run_app;
REVOKE ALL ON DATABASE dm_connection, dm_explorer, dm_mapping, dm_run FROM PUBLIC;

-- The platform's database (the migrations' target) and the demo source, seeded like the local stack does
-- (docker-compose.yml mounts local-stack/src/main/resources/seed at /seed), with the same grants: mapping-service
-- reads the target, run-service writes it and owns the ledger (dm_ledger), only clinic_reader reads the demo source.
CREATE DATABASE platform;
CREATE DATABASE legacy_clinic;

\connect platform
\i /seed/platform.sql
\i /seed/platform-grants.sql

\connect legacy_clinic
\i /seed/legacy_clinic.sql
