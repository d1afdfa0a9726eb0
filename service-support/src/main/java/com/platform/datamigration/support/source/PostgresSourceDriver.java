package com.platform.datamigration.support.source;

import com.platform.datamigration.contracts.DatabaseType;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/** PostgreSQL through PgJDBC: read-only sessions with a statement timeout. */
final class PostgresSourceDriver implements SourceDriver {

    private static final Driver DRIVER = new org.postgresql.Driver();

    @Override
    public boolean supports(DatabaseType type) {
        return type == DatabaseType.POSTGRESQL;
    }

    @Override
    public Driver driver() {
        return DRIVER;
    }

    @Override
    public String url(InetAddress address, int port, String database) {
        return "jdbc:postgresql://" + SourceDriver.ipLiteral(address) + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    @Override
    public Properties properties(SourceCredentials c) {
        Properties p = new Properties();
        p.setProperty("user", c.username());
        p.setProperty("password", c.password());
        p.setProperty("sslmode", switch (c.sslMode()) {
            case DISABLE -> "disable";
            case PREFER -> "prefer";
            case REQUIRE -> "require";
            case VERIFY_CA -> "verify-ca";
            case VERIFY_FULL -> "verify-full";
        });
        if (c.sslMode() == SslMode.VERIFY_CA || c.sslMode() == SslMode.VERIFY_FULL) {
            // The JVM's trust store, not a root.crt file in the service's home directory.
            p.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        }
        p.setProperty("connectTimeout", Integer.toString(c.connectTimeoutSeconds()));
        p.setProperty("loginTimeout", Integer.toString(c.connectTimeoutSeconds() * 2));
        p.setProperty("socketTimeout", "60");
        p.setProperty("readOnly", "true");
        p.setProperty("ApplicationName", c.applicationName());
        p.setProperty("options", "-c default_transaction_read_only=on -c statement_timeout=30000");
        return p;
    }

    /**
     * A server speaking the protocol without PostgreSQL's catalog functions (a different engine) has no identity to
     * compare: it cannot be one of the platform's servers, whose sessions all answer these queries.
     */
    @Override
    public boolean mayBePlatformServer() {
        return true;
    }

    @Override
    public Optional<ServerIdentity> identity(java.sql.Connection connection) {
        try {
            return Optional.of(ServerIdentity.read(connection));
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<FailureCode> classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String text = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if ("28P01".equals(state)) {
            return Optional.of(FailureCode.AUTH_FAILED);
        }
        if ("28000".equals(state)) {
            // pg_hba refused the connection: because it is not encrypted, or because of who connects.
            return Optional.of(text.contains("no encryption") ? FailureCode.TLS_REQUIRED : FailureCode.AUTH_FAILED);
        }
        if ("3D000".equals(state)) {
            return Optional.of(FailureCode.DATABASE_NOT_FOUND);
        }
        if (text.contains("does not support ssl")) {
            return Optional.of(FailureCode.TLS_UNAVAILABLE);
        }
        if (text.contains("ssl") || text.contains("certificate") || text.contains("pkix")) {
            return Optional.of(FailureCode.TLS_VERIFICATION_FAILED);
        }
        return Optional.empty();
    }
}
