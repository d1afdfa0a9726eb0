package com.platform.datamigration.connection.connections.web;

import com.platform.datamigration.connection.connections.ConnectionOptions;
import com.platform.datamigration.support.source.SslMode;
import com.platform.datamigration.connection.connections.StoredConnection;
import com.platform.datamigration.contracts.DatabaseType;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A connection as the API shows it: never the password, only whether one is set. */
public record ConnectionView(
        String id,
        String name,
        DatabaseType type,
        String host,
        int port,
        String database,
        String username,
        boolean passwordSet,
        SslMode sslMode,
        ConnectionOptions options,
        long revision,
        JsonNode lastTest,
        Instant lastTestedAt,
        Instant createdAt,
        Instant updatedAt) {

    static ConnectionView of(StoredConnection c, JsonMapper json) {
        return new ConnectionView(c.id().toString(), c.name(), c.spec().type(), c.spec().host(), c.spec().port(),
                c.spec().database(), c.spec().username(), c.password() != null, c.spec().sslMode(), c.spec().options(),
                c.revision(), c.lastTest() == null ? null : json.readTree(c.lastTest()), c.lastTestedAt(), c.createdAt(),
                c.updatedAt());
    }
}
