package com.platform.datamigration.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A run was requested. The mapping versions are pinned: later saves of a mapping never change this run.
 *
 * @param requestedBy subject of the token that requested the run
 */
public record RunRequested(
        RunId runId,
        OrganizationId organizationId,
        List<PinnedMapping> mappings,
        Options options,
        String requestedBy,
        Instant requestedAt) implements DataMigrationEvent {

    public RunRequested {
        mappings = List.copyOf(mappings);
    }

    @Override
    public EventType eventType() {
        return EventType.RUN_REQUESTED;
    }

    @Override
    public String aggregateId() {
        return runId.toString();
    }

    /** A mapping at the version this run applies. */
    public record PinnedMapping(MappingId mappingId, int version) {
    }

    /**
     * @param maxRejectedFraction the run fails when more than this fraction of rows is rejected (0..1)
     * @param chunkSize           rows per chunk, or {@code null} to size chunks from catalog statistics
     * @param parallelism         chunks in flight at once, or {@code null} for the workers' default
     */
    public record Options(boolean dryRun, double maxRejectedFraction, Integer chunkSize, Integer parallelism) {
    }
}
