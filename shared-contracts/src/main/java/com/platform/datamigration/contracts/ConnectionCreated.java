package com.platform.datamigration.contracts;

import java.time.Instant;

/**
 * A source connection was created. Carries no secret: never a password, never a URL with credentials.
 *
 * @param revision increases with every change of the connection, so consumers can drop stale events
 */
public record ConnectionCreated(
        ConnectionId connectionId,
        OrganizationId organizationId,
        long revision,
        String name,
        DatabaseType type,
        String host,
        int port,
        String database,
        Instant occurredAt) implements DataMigrationEvent {

    @Override
    public EventType eventType() {
        return EventType.CONNECTION_CREATED;
    }

    @Override
    public String aggregateId() {
        return connectionId.toString();
    }
}
