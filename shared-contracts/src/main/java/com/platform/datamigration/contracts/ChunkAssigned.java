package com.platform.datamigration.contracts;

import java.time.Instant;

/**
 * Work for run workers: one chunk of a run is ready to be claimed. Internal to run-service (topic
 * {@code run.chunks}); the record is keyed by run and chunk so a run's chunks spread over all partitions and
 * thus over all workers. Delivery may repeat: the chunk ledger's lease decides who does the work.
 *
 * @param chunkNo the chunk's number within the run, from 1
 */
public record ChunkAssigned(RunId runId, OrganizationId organizationId, int chunkNo, Instant assignedAt)
        implements DataMigrationEvent {

    @Override
    public EventType eventType() {
        return EventType.CHUNK_ASSIGNED;
    }

    @Override
    public String aggregateId() {
        return runId + ":" + chunkNo;
    }
}
