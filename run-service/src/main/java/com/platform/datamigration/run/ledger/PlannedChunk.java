package com.platform.datamigration.run.ledger;

import java.util.UUID;

/** A chunk as planned: which mapping (by ordinal in the run), its stage, kind, range and the rows it should hold. */
public record PlannedChunk(int chunkNo, UUID mappingId, int ordinal, int stage, ChunkKind kind, KeyRange range, long estimatedRows) {
}
