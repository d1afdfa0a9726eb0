package com.platform.datamigration.run.runs;

import com.platform.datamigration.contracts.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The progress a run shows: the public event's figures plus what history needs. */
public record RunView(long sequence, RunStatus status, long rowsRead, long rowsWritten, long rowsRejected, int chunksDone,
                      int chunksTotal, double rowsPerSecond, Long etaSeconds, Long durationMs, List<TableView> tables,
                      Instant occurredAt) {

    /** One mapping's part of the run. */
    public record TableView(UUID mappingId, String name, String sourceTable, String targetTable, RunStatus status, long rowsRead,
                            long rowsWritten, long rowsRejected, int chunksDone, int chunksTotal, long estimatedRows,
                            Double rowsPerSecond, Reconciliation reconciliation) {
    }

    /** Chunks reconciled and how many did not match; {@code ok} once every loaded chunk matched (replays re-map rejects only). */
    public record Reconciliation(int chunksReconciled, int mismatches, boolean ok) {
    }
}
