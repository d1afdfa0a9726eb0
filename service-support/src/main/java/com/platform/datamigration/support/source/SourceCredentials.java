package com.platform.datamigration.support.source;

import com.platform.datamigration.contracts.DatabaseType;

/**
 * Everything needed to open a connection to a source, password included. Lives in memory only: never stored,
 * logged or published outside connection-service; {@link #toString()} hides the password.
 *
 * @param connectTimeoutSeconds 1..60
 */
public record SourceCredentials(
        DatabaseType type,
        String host,
        int port,
        String database,
        String username,
        String password,
        SslMode sslMode,
        int connectTimeoutSeconds,
        String applicationName) {

    @Override
    public String toString() {
        return "SourceCredentials[" + type + " " + username + "@" + host + ":" + port + "/" + database + ", password=***]";
    }
}
