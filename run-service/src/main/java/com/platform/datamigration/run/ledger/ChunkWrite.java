package com.platform.datamigration.run.ledger;

/**
 * What writing a chunk did, and how: rows read and written, the rows quarantined, the path taken and, when the write
 * reconciled as it went, the result.
 */
public record ChunkWrite(long rowsRead, long rowsWritten, Rejects rejects, LoadPath path, Reconciliation reconciliation) {

    public ChunkWrite(long rowsRead, long rowsWritten, Rejects rejects, LoadPath path) {
        this(rowsRead, rowsWritten, rejects, path, null);
    }
}
