package com.platform.datamigration.run.ledger;

import java.util.UUID;

/** The ledger's figures of one mapping of a run. */
public record MappingFigures(UUID mappingId, int chunksTotal, int chunksDone, int chunksFailed, int chunksRunning,
                             long rowsRead, long rowsWritten, long rowsRejected, long estimatedRows, long writeMs,
                             int reconciled, int reconciliationMismatches, int loadChunks) {
}
