package com.platform.datamigration.connection;

import com.platform.datamigration.localstack.MariaDbServer;
import com.platform.datamigration.localstack.Ports;
import com.platform.datamigration.localstack.PostgresServer;
import com.platform.datamigration.testing.TestStack;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real source servers for connection tests, started once per test JVM: a PostgreSQL with {@code wal_level=logical}
 * and one without, both requiring passwords, and MariaDB with its binary log in ROW format. Each has a reader user
 * with a password and a little data.
 */
final class TestSources {

    static final String USER = "dm_reader";
    static final String PASSWORD = "reader-" + UUID.randomUUID();
    static final String DATABASE = "clinic";

    static final PostgresServer LOGICAL_PG = PostgresServer.startEmbedded(Ports.free(), "logical");
    static final PostgresServer REPLICA_PG = PostgresServer.startEmbedded(Ports.free(), "replica");
    static final MariaDbServer MARIADB = TestStack.get().mariadb();

    static {
        for (PostgresServer pg : new PostgresServer[] {LOGICAL_PG, REPLICA_PG}) {
            pg.createDatabaseIfMissing(DATABASE);
            execute(pg, DATABASE,
                    "CREATE ROLE " + USER + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'",
                    "CREATE TABLE patients (id bigint PRIMARY KEY, name text)",
                    "INSERT INTO patients VALUES (1, 'Ana'), (2, 'Bo')",
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + USER);
            pg.requirePasswordAuthentication();
        }
        try (Connection c = MARIADB.connect(null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            st.execute("CREATE TABLE IF NOT EXISTS " + DATABASE + ".patients (id bigint PRIMARY KEY, name text)");
            st.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            st.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "'");
            for (String host : new String[] {"%", "localhost"}) {
                st.execute("GRANT SELECT ON " + DATABASE + ".* TO '" + USER + "'@'" + host + "'");
                st.execute("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + USER + "'@'" + host + "'");
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare the MariaDB source", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOGICAL_PG.close();
            REPLICA_PG.close();
        }));
    }

    private TestSources() {
    }

    /** host:port of every source, for the host policy's allow-list. */
    static String allowedTargets() {
        return String.join(",", "127.0.0.1:" + LOGICAL_PG.port(), "127.0.0.1:" + REPLICA_PG.port(),
                MARIADB.host() + ":" + MARIADB.port());
    }

    private static void execute(PostgresServer pg, String database, String... sql) {
        try (Connection c = pg.connect(database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare the PostgreSQL source", e);
        }
    }
}
