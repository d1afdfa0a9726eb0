package com.platform.datamigration.connection.connections;

import com.platform.datamigration.support.source.SslMode;
import com.platform.datamigration.contracts.DatabaseType;

/**
 * Where and as whom to connect: structured, validated fields only, never a URL. Holds no password.
 */
public record ConnectionSpec(
        DatabaseType type,
        String host,
        int port,
        String database,
        String username,
        SslMode sslMode,
        ConnectionOptions options) {

    /**
     * Whether {@code other} sends the stored credentials to the same place the same way: a new server, database,
     * user or SSL mode (a downgrade would expose the password on the wire) needs the password again.
     */
    public boolean sameTarget(ConnectionSpec other) {
        return type == other.type && host.equalsIgnoreCase(other.host) && port == other.port
                && database.equals(other.database) && username.equals(other.username) && sslMode == other.sslMode;
    }
}
