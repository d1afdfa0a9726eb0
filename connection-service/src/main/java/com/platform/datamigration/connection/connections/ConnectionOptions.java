package com.platform.datamigration.connection.connections;

/**
 * The short allow-list of driver options an admin may set. Nothing else reaches a driver.
 *
 * @param connectTimeoutSeconds 1..60, default 5
 * @param applicationName       shown in the source's session list; letters, digits, space, {@code _ - .}, at most 64
 */
public record ConnectionOptions(Integer connectTimeoutSeconds, String applicationName) {

    public static final ConnectionOptions DEFAULTS = new ConnectionOptions(null, null);

    public int connectTimeoutOrDefault() {
        return connectTimeoutSeconds == null ? 5 : connectTimeoutSeconds;
    }

    public String applicationNameOrDefault() {
        return applicationName == null ? "data-migration" : applicationName;
    }
}
