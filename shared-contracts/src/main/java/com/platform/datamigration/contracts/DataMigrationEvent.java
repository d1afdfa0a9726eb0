package com.platform.datamigration.contracts;

/**
 * The family of published events. Every event belongs to one organization and one aggregate, whose id is
 * the Kafka record key so that one aggregate's events stay ordered. (Java 17 has no pattern matching for
 * {@code switch}, so each record names its own {@link EventType} instead of a switch over the family.)
 */
public sealed interface DataMigrationEvent
        permits ConnectionCreated, ConnectionUpdated, ConnectionDeleted, MappingSaved, MappingArchived, RunRequested, RunProgressed,
        CatalogDriftDetected, ChunkAssigned {

    OrganizationId organizationId();

    /** The Kafka record key. */
    String aggregateId();

    /** The event's type; fixed per record class. */
    EventType eventType();
}
