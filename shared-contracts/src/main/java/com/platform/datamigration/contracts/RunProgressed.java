package com.platform.datamigration.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Progress of a run: published on every state change and at least once a second while the run is running.
 * A public contract that other platform services subscribe to.
 *
 * @param sequence      strictly increasing per run; a consumer drops an event whose sequence is not greater
 *                      than the last one it applied
 * @param rowsPerSecond rows written per second over the recent window
 * @param etaSeconds    estimated seconds to completion, or {@code null} when unknown
 */
public record RunProgressed(
        RunId runId,
        OrganizationId organizationId,
        long sequence,
        RunStatus status,
        long rowsRead,
        long rowsWritten,
        long rowsRejected,
        int chunksDone,
        int chunksTotal,
        double rowsPerSecond,
        Long etaSeconds,
        List<TableProgress> tables,
        Instant occurredAt) implements DataMigrationEvent {

    public RunProgressed {
        tables = List.copyOf(tables);
    }

    @Override
    public EventType eventType() {
        return EventType.RUN_PROGRESSED;
    }

    @Override
    public String aggregateId() {
        return runId.toString();
    }

    /** Figures of one mapping (one source table into one target table) within the run. */
    public record TableProgress(
            MappingId mappingId,
            String sourceTable,
            String targetTable,
            RunStatus status,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            int chunksDone,
            int chunksTotal) {
    }
}
