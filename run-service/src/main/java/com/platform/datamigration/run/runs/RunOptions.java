package com.platform.datamigration.run.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a run behaves, as requested (defaults filled in).
 *
 * @param dryRun              map and write everything, then roll the target back: figures and rejects without data
 * @param maxRejectedFraction the run fails when more than this fraction of the rows read is rejected
 * @param chunkSize           rows per chunk
 * @param parallelism         chunks of this run in flight at once across all workers, or {@code null} for no limit
 * @param reconcile           compare count and hash of every chunk, source (mapped) against target, after it is written
 * @param pushdown            let a PostgreSQL source compute the mapping in its COPY (the binary pipe); {@code false} maps
 *                            every row in the workers instead, sparing the source's CPU ({@code null} means true)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunOptions(boolean dryRun, double maxRejectedFraction, int chunkSize, Integer parallelism, boolean reconcile,
                         Boolean pushdown) {

    public boolean pushdownAllowed() {
        return pushdown == null || pushdown;
    }
}
