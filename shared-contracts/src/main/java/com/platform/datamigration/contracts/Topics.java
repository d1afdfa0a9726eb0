package com.platform.datamigration.contracts;

/**
 * Kafka topic names. They are part of the public contract: stable strings, never derived from class names.
 */
public final class Topics {

    /** A connection was created. Key: connection id. */
    public static final String CONNECTION_CREATED = "connection.created";
    /** A connection's non-secret fields or credentials changed. Key: connection id. */
    public static final String CONNECTION_UPDATED = "connection.updated";
    /** A connection was deleted. Key: connection id. */
    public static final String CONNECTION_DELETED = "connection.deleted";
    /** A mapping version was saved; carries the full versioned spec. Key: mapping id. */
    public static final String MAPPING_SAVED = "mapping.saved";
    /** A mapping was archived: no new run, save or lookup may use it; its versions stay. Key: mapping id. */
    public static final String MAPPING_ARCHIVED = "mapping.archived";
    /** A run was requested with pinned mapping versions. Key: run id. */
    public static final String RUN_REQUESTED = "run.requested";
    /** Every state change of a run and a heartbeat at least once a second while it runs. Key: run id. */
    public static final String RUN_PROGRESS = "run.progress";
    /** A discovery found a source's catalog changed. Key: connection id. */
    public static final String CATALOG_DRIFT = "catalog.drift";
    /** Work items for run workers: one record per chunk. Key: run id. Internal to run-service. */
    public static final String RUN_CHUNKS = "run.chunks";

    /** Suffix of the dead-letter topic of a consumer group: {@code <group>.dlt}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    /** The dead-letter topic of one consumer group. */
    public static String deadLetterTopic(String consumerGroup) {
        return consumerGroup + DEAD_LETTER_SUFFIX;
    }
}
