package com.platform.datamigration.localstack;

import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services' own database roles, least privilege: each service logs in as {@link Service#role()}, which owns its
 * database and may connect to no other service's; none is superuser or may create roles, databases or replicate.
 * mapping-service's role reads the platform database's target tables (and may try rows in a transaction it rolls
 * back, for previews); run-service's role writes them and owns the chunk ledger ({@code dm_ledger}). The grants on
 * the platform database are {@code seed/platform-grants.sql}, shared with docker/postgres/init.sql. Idempotent: a
 * reused server's existing objects are handed to their service's role.
 */
public final class ServiceRoles {

    private static final Logger log = LoggerFactory.getLogger(ServiceRoles.class);
    private static final Pattern SAFE_PASSWORD = Pattern.compile("[A-Za-z0-9_-]{16,}");

    private ServiceRoles() {
    }

    /** Creates or updates the roles with the passwords of {@code secrets} and grants what each service needs. */
    public static void provision(PostgresServer pg, StackSecrets secrets, String platformDatabase) {
        for (Service service : Service.values()) {
            if (service.role() == null) {
                continue;
            }
            String role = service.role();
            String password = secrets.databasePassword(service);
            if (!SAFE_PASSWORD.matcher(password).matches()) {
                throw new IllegalArgumentException("generated passwords are URL-safe base64");
            }
            pg.createDatabaseIfMissing(service.database());
            pg.execute("postgres",
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE " + role
                            + "; END IF; END $$",
                    "ALTER ROLE " + role + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                            + password + "'",
                    "ALTER DATABASE " + service.database() + " OWNER TO " + role,
                    "REVOKE ALL ON DATABASE " + service.database() + " FROM PUBLIC");
            pg.execute(service.database(), handOver(role));
        }
        pg.runScript(platformDatabase, "seed/platform-grants.sql");
        log.info("Service roles ready: {}", String.join(", ", java.util.Arrays.stream(Service.values())
                .map(Service::role).filter(java.util.Objects::nonNull).toList()));
    }

    /** Schemas, tables, views and free-standing sequences of the database made earlier by another role, given to {@code role}. */
    private static String handOver(String role) {
        return """
                DO $$
                DECLARE r record;
                BEGIN
                  FOR r IN SELECT nspname FROM pg_namespace
                           WHERE nspname NOT LIKE 'pg\\_%%' AND nspname NOT IN ('information_schema', 'public')
                             AND nspowner <> '%1$s'::regrole LOOP
                    EXECUTE format('ALTER SCHEMA %%I OWNER TO %1$s', r.nspname);
                  END LOOP;
                  FOR r IN SELECT c.oid::regclass::text AS name, c.relkind FROM pg_class c
                           JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema'
                             AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> '%1$s'::regrole
                             AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                      AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
                    EXECUTE format('ALTER %%s %%s OWNER TO %1$s', CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                      WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.name);
                  END LOOP;
                END $$
                """.formatted(role);
    }
}
