package com.platform.datamigration.run.ledger;

/**
 * Count and hash of one chunk, the source's mapped values against the target's rows; stored as JSON in
 * {@code dm_ledger.chunk.reconciliation}.
 *
 * @param method {@code stream} (the rows hashed as they left the source, against the target's copy read back) or
 *               {@code remap} (the source mapped again into a staging table and joined with the target by key)
 */
public record Reconciliation(String method, long mapped, long matched, long refused, String sourceHash, String targetHash,
                             boolean ok) {
}
