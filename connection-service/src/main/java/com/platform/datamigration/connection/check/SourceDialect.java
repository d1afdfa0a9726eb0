package com.platform.datamigration.connection.check;

import com.platform.datamigration.connection.connections.ConnectionSpec;
import com.platform.datamigration.contracts.DatabaseType;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What differs between source engines when checking a connection: the driver, how a URL and its properties are
 * built from structured fields, the privilege checklist, and how a driver's failure maps to a {@link FailureCode}.
 */
interface SourceDialect {

    boolean supports(DatabaseType type);

    Driver driver();

    /** The URL, built from the resolved address and validated fields only; the database name is URL-encoded. */
    String url(InetAddress address, int port, String database);

    /** Driver properties: user, password, TLS, timeouts, read-only, and nothing an admin typed as free text. */
    Properties properties(ConnectionSpec spec, String password);

    /** The checklist after a successful connect: catalog, schemas' tables, CDC readiness. */
    List<CheckItem> checklist(Connection connection, Duration queryTimeout) throws SQLException;

    /** The code of a failure the server reported, when this dialect recognizes it. */
    Optional<FailureCode> classify(SQLException e);

    static String ipLiteral(InetAddress address) {
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
