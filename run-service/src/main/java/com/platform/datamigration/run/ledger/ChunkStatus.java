package com.platform.datamigration.run.ledger;

/** Where a chunk of the ledger is; stored by name in {@code dm_ledger.chunk.status}. */
public enum ChunkStatus {
    /** Waiting for a worker (never claimed, given back after a failure, or its lease expired). */
    PENDING,
    /** Leased to a worker. */
    RUNNING,
    /** Written (and reconciled, when the run reconciles). */
    DONE,
    /** Failed after every attempt. */
    FAILED
}
