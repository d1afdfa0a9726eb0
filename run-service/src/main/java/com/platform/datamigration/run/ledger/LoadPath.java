package com.platform.datamigration.run.ledger;

/** How a chunk's rows reached the target; stored by name in {@code dm_ledger.chunk.path}. */
public enum LoadPath {
    /** Binary COPY from the source straight into the target. */
    COPY_BINARY,
    /**
     * The binary pipe with each row's convertibility told by the source's own query: the rows it can convert go
     * straight into the target, the others are read again by key and mapped in Java, which quarantines them.
     */
    COPY_BINARY_SIFTED,
    /** The binary pipe into a staging table, merged by key because the target already had some of the rows. */
    COPY_BINARY_MERGE,
    /**
     * The binary pipe into a staging table with the rows' lookup keys, written by one join per chunk that translates
     * them all; rows a lookup does not resolve are mapped in Java, which quarantines them.
     */
    COPY_BINARY_JOINED,
    /** Each row mapped in Java. */
    DECODE,
    /** Rejects mapped again from their raw values. */
    REPLAY;

    /** The path a ledger row names, or null when the chunk has not been written. */
    public static LoadPath of(String stored) {
        return stored == null ? null : valueOf(stored);
    }

    /** Whether the rows came through the binary pipe, so mapping the source again takes the pipe too. */
    public boolean binaryPipe() {
        return this == COPY_BINARY || this == COPY_BINARY_SIFTED || this == COPY_BINARY_MERGE || this == COPY_BINARY_JOINED;
    }
}
