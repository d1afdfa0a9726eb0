package com.platform.datamigration.run.ledger;

/** What a chunk of the ledger does; stored by name in {@code dm_ledger.chunk.kind}. */
public enum ChunkKind {
    /** Loads a key range of the source. */
    LOAD,
    /** Maps a run's open rejects again from their raw values. */
    REPLAY
}
