package com.platform.datamigration.support;

import com.platform.datamigration.contracts.ConnectionCreated;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.OrganizationId;
import java.time.Instant;

/** Object mother for the support module's tests. */
final class TestEvents {

    static final OrganizationId ORG = OrganizationId.of("org-support");

    private TestEvents() {
    }

    static ConnectionCreated connectionCreated(String name) {
        return new ConnectionCreated(ConnectionId.random(), ORG, 1, name, DatabaseType.POSTGRESQL, "db.example.org", 5432,
                "clinic", Instant.now());
    }
}
