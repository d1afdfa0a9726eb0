package com.platform.datamigration.support.source;

import com.platform.datamigration.contracts.DatabaseType;
import java.net.InetAddress;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * How to open a connection to one family of engines: the driver, a URL built from the checked address and
 * validated fields only, driver properties that are ours (never free text), and how the server's refusals map to
 * a {@link FailureCode}. What each service then does with the connection (check, discover, read) lives in that
 * service's own dialect.
 */
interface SourceDriver {

    boolean supports(DatabaseType type);

    Driver driver();

    String url(InetAddress address, int port, String database);

    Properties properties(SourceCredentials credentials);

    Optional<FailureCode> classify(SQLException e);

    /** Session settings applied right after connecting. */
    default void afterConnect(java.sql.Connection connection) throws SQLException {
    }

    /**
     * Who the server is, read over the new session before anything else runs on it; empty when the engine cannot be
     * one of the platform's own servers (they are PostgreSQL) or the server does not tell.
     */
    default java.util.Optional<ServerIdentity> identity(java.sql.Connection connection) {
        return java.util.Optional.empty();
    }

    /** Whether a server of this engine may be one of the platform's own (they are PostgreSQL servers). */
    default boolean mayBePlatformServer() {
        return false;
    }

    static String ipLiteral(InetAddress address) {
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
