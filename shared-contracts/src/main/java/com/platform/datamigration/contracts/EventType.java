package com.platform.datamigration.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every published event type with its topic, its record class and the version of its JSON Schema
 * ({@code schemas/<typeName>.schema.json} on the classpath).
 */
public enum EventType {
    CONNECTION_CREATED("ConnectionCreated", Topics.CONNECTION_CREATED, ConnectionCreated.class),
    CONNECTION_UPDATED("ConnectionUpdated", Topics.CONNECTION_UPDATED, ConnectionUpdated.class),
    CONNECTION_DELETED("ConnectionDeleted", Topics.CONNECTION_DELETED, ConnectionDeleted.class),
    MAPPING_SAVED("MappingSaved", Topics.MAPPING_SAVED, MappingSaved.class),
    MAPPING_ARCHIVED("MappingArchived", Topics.MAPPING_ARCHIVED, MappingArchived.class),
    RUN_REQUESTED("RunRequested", Topics.RUN_REQUESTED, RunRequested.class),
    RUN_PROGRESSED("RunProgressed", Topics.RUN_PROGRESS, RunProgressed.class),
    CATALOG_DRIFT_DETECTED("CatalogDriftDetected", Topics.CATALOG_DRIFT, CatalogDriftDetected.class),
    CHUNK_ASSIGNED("ChunkAssigned", Topics.RUN_CHUNKS, ChunkAssigned.class);

    private final String typeName;
    private final String topic;
    private final Class<? extends DataMigrationEvent> recordClass;

    EventType(String typeName, String topic, Class<? extends DataMigrationEvent> recordClass) {
        this.typeName = typeName;
        this.topic = topic;
        this.recordClass = recordClass;
    }

    /** Value of the {@link EventHeaders#EVENT_TYPE} header. */
    public String typeName() {
        return typeName;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends DataMigrationEvent> recordClass() {
        return recordClass;
    }

    /** Major schema version; bumped only for an incompatible change, which the contract forbids. */
    public int schemaVersion() {
        return 1;
    }

    /** Classpath location of the JSON Schema. */
    public String schemaResource() {
        return "schemas/" + typeName + ".schema.json";
    }

    public static Optional<EventType> fromTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
    }

}
