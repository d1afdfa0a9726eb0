package com.platform.datamigration.support.source;

import com.platform.datamigration.contracts.DatabaseType;
import java.net.InetAddress;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/** MySQL and MariaDB through the MariaDB driver, which speaks both; local files and multi-statements stay off. */
final class MariaDbSourceDriver implements SourceDriver {

    private static final Driver DRIVER = new org.mariadb.jdbc.Driver();

    @Override
    public boolean supports(DatabaseType type) {
        return type == DatabaseType.MYSQL || type == DatabaseType.MARIADB;
    }

    @Override
    public Driver driver() {
        return DRIVER;
    }

    @Override
    public String url(InetAddress address, int port, String database) {
        // Taken literally by the driver (no decoding); the database name was validated free of URL syntax.
        return "jdbc:mariadb://" + SourceDriver.ipLiteral(address) + ":" + port + "/" + database;
    }

    @Override
    public Properties properties(SourceCredentials c) {
        Properties p = new Properties();
        p.setProperty("user", c.username());
        p.setProperty("password", c.password());
        p.setProperty("sslMode", switch (c.sslMode()) {
            case DISABLE, PREFER -> "disable";
            case REQUIRE -> "trust";
            case VERIFY_CA -> "verify-ca";
            case VERIFY_FULL -> "verify-full";
        });
        p.setProperty("connectTimeout", Integer.toString(c.connectTimeoutSeconds() * 1000));
        p.setProperty("socketTimeout", "60000");
        p.setProperty("allowLocalInfile", "false");
        p.setProperty("allowMultiQueries", "false");
        // A server-sent redirect would lead to a host the host policy never checked.
        p.setProperty("permitRedirect", "false");
        p.setProperty("connectionAttributes", "program_name:" + c.applicationName());
        return p;
    }

    /** setReadOnly is a no-op in this driver on a single server: make the session itself read-only. */
    @Override
    public void afterConnect(java.sql.Connection connection) throws SQLException {
        try (var st = connection.createStatement()) {
            st.execute("SET SESSION TRANSACTION READ ONLY");
        }
    }

    @Override
    public Optional<FailureCode> classify(SQLException e) {
        int code = e.getErrorCode();
        String text = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (code == 1045 || code == 1698) {
            return Optional.of(FailureCode.AUTH_FAILED);
        }
        if (code == 1049 || code == 1044) {
            return Optional.of(FailureCode.DATABASE_NOT_FOUND);
        }
        if (code == 3159 || text.contains("insecure transport") || text.contains("rsa public key is not available")) {
            return Optional.of(FailureCode.TLS_REQUIRED);
        }
        if (text.contains("ssl") && text.contains("not support")) {
            return Optional.of(FailureCode.TLS_UNAVAILABLE);
        }
        return Optional.empty();
    }
}
