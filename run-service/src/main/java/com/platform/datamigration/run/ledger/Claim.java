package com.platform.datamigration.run.ledger;

import java.util.UUID;

/**
 * A chunk leased to a worker: the fencing token its writes must still hold, whether an earlier attempt already wrote
 * it (and by which path), and how many of its rows the target refused then.
 */
public record Claim(UUID runId, int chunkNo, UUID mappingId, int ordinal, ChunkKind kind, KeyRange range, long fencingToken,
                    boolean written, LoadPath path, long rowsRejectedByTarget, int attempts) {
}
