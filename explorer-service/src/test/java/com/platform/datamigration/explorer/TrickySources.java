package com.platform.datamigration.explorer;

import com.platform.datamigration.localstack.MariaDbServer;
import com.platform.datamigration.localstack.Ports;
import com.platform.datamigration.localstack.PostgresServer;
import com.platform.datamigration.testing.TestStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/**
 * Sources built to break a naive explorer: composite and missing keys, foreign keys, a view, every common type,
 * mixed-case, reserved-word and Unicode names, and a table named {@code a"; DROP TABLE t;--}. Started once per
 * test JVM.
 */
final class TrickySources {

    static final String USER = "explorer_reader";
    static final String PASSWORD = "pw-" + UUID.randomUUID();
    static final PostgresServer PG = PostgresServer.startEmbedded(Ports.free());
    static final MariaDbServer MARIADB = TestStack.get().mariadb();
    static final String MARIADB_DATABASE = "tricky_" + UUID.randomUUID().toString().substring(0, 8);

    static {
        try {
            PG.createDatabaseIfMissing("tricky");
            try (Connection c = PG.connect("tricky"); Statement st = c.createStatement()) {
                st.execute(script("sources/tricky-postgres.sql"));
                st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                st.execute("GRANT USAGE ON SCHEMA \"Sales\" TO " + USER);
                st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public, \"Sales\" TO " + USER);
            }
            PG.requirePasswordAuthentication();
            try (Connection c = MARIADB.connect(null); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + MARIADB_DATABASE);
                st.execute("USE " + MARIADB_DATABASE);
                for (String sql : script("sources/tricky-mariadb.sql").split(";\n")) {
                    if (!sql.isBlank()) {
                        st.execute(sql);
                    }
                }
                st.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
                st.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "'");
                st.execute("GRANT SELECT ON " + MARIADB_DATABASE + ".* TO '" + USER + "'@'%'");
                st.execute("GRANT SELECT ON " + MARIADB_DATABASE + ".* TO '" + USER + "'@'localhost'");
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not build the tricky sources", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(PG::close));
    }

    private TrickySources() {
    }

    static void onPostgres(String... sql) throws Exception {
        try (Connection c = PG.connect("tricky"); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static String script(String resource) throws IOException {
        try (InputStream in = TrickySources.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
