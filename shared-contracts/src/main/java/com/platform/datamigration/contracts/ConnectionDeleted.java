package com.platform.datamigration.contracts;

import java.time.Instant;

/** A source connection was deleted; consumers forget what they derived from it. */
public record ConnectionDeleted(
        ConnectionId connectionId,
        OrganizationId organizationId,
        long revision,
        Instant occurredAt) implements DataMigrationEvent {

    @Override
    public EventType eventType() {
        return EventType.CONNECTION_DELETED;
    }

    @Override
    public String aggregateId() {
        return connectionId.toString();
    }
}
