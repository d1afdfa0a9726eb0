package com.platform.datamigration.contracts;

import java.time.Instant;

/**
 * A mapping was archived (deleted through the API): no new run, save, validation or lookup may use it any more,
 * and consumers forget what they derived from it. Its versions are kept, so runs that pinned one keep working.
 * Nothing of the mapping is published after it, but it travels on its own topic: a consumer may still receive one
 * of the mapping's {@link MappingSaved} after it, and must not let that bring the mapping back.
 *
 * @param lastVersion  the mapping's current version when it was archived
 * @param connectionId the source connection of that version, which the mapping no longer uses
 */
public record MappingArchived(
        MappingId mappingId,
        OrganizationId organizationId,
        String name,
        int lastVersion,
        ConnectionId connectionId,
        Instant archivedAt) implements DataMigrationEvent {

    @Override
    public EventType eventType() {
        return EventType.MAPPING_ARCHIVED;
    }

    @Override
    public String aggregateId() {
        return mappingId.toString();
    }
}
