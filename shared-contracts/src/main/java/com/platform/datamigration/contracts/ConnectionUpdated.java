package com.platform.datamigration.contracts;

import java.time.Instant;

/**
 * A source connection changed. Carries the connection's non-secret fields as they are now and whether its
 * credentials changed; never the credentials themselves.
 */
public record ConnectionUpdated(
        ConnectionId connectionId,
        OrganizationId organizationId,
        long revision,
        String name,
        DatabaseType type,
        String host,
        int port,
        String database,
        boolean credentialsChanged,
        Instant occurredAt) implements DataMigrationEvent {

    @Override
    public EventType eventType() {
        return EventType.CONNECTION_UPDATED;
    }

    @Override
    public String aggregateId() {
        return connectionId.toString();
    }
}
