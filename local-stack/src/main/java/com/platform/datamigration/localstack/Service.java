package com.platform.datamigration.localstack;

/** The five applications of the product, with the database each owns and its offset from the port base. */
public enum Service {
    CONNECTION("connection-service", "dm_connection", 1, "CONNECTION_SERVICE_URL"),
    EXPLORER("explorer-service", "dm_explorer", 2, "EXPLORER_SERVICE_URL"),
    MAPPING("mapping-service", "dm_mapping", 3, "MAPPING_SERVICE_URL"),
    RUN("run-service", "dm_run", 4, "RUN_SERVICE_URL"),
    GATEWAY("gateway", null, 0, "GATEWAY_URL");

    private final String module;
    private final String database;
    private final int portOffset;
    private final String urlVariable;

    Service(String module, String database, int portOffset, String urlVariable) {
        this.module = module;
        this.database = database;
        this.portOffset = portOffset;
        this.urlVariable = urlVariable;
    }

    /** Maven module and application name. */
    public String module() {
        return module;
    }

    /** The database the service owns, or {@code null} (gateway). */
    public String database() {
        return database;
    }

    /**
     * The service's own least-privilege database role ({@code dm_connection_app}, …), or {@code null} (gateway). It owns
     * the service's database and nothing else; see {@link ServiceRoles}.
     */
    public String role() {
        return database == null ? null : database + "_app";
    }

    public int port(int portBase) {
        return portBase + portOffset;
    }

    /** Environment variable through which other processes find this service. */
    public String urlVariable() {
        return urlVariable;
    }
}
