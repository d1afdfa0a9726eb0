-- Run by the postgres image on its first start (empty data directory), with psql, as the superuser.
-- The services' own databases: each service creates its tables with Flyway.
CREATE DATABASE dm_connection;
CREATE DATABASE dm_explorer;
CREATE DATABASE dm_mapping;
CREATE DATABASE dm_run;

-- The platform's database (the migrations' target) and the demo source, seeded like the local stack does
-- (docker-compose.yml mounts local-stack/src/main/resources/seed at /seed).
CREATE DATABASE platform;
CREATE DATABASE legacy_clinic;

\connect platform
\i /seed/platform.sql

\connect legacy_clinic
\i /seed/legacy_clinic.sql
