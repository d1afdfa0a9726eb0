package com.platform.datamigration.run.runs;

import com.platform.datamigration.contracts.RunStatus;

/**
 * The run's next status from its chunks' figures: a pure decision, no database, no clock. The rules, in order, for a
 * running run: a chunk failed after every attempt fails it ({@code CHUNK_FAILED}); more rejected rows than the run
 * allows fail it ({@code TOO_MANY_REJECTS}), even while chunks still run; once every chunk is done (or there was none),
 * a chunk whose reconciliation differs fails it ({@code RECONCILIATION_FAILED}), else it succeeded, with rejects or
 * without. A cancelling run is cancelled once no chunk runs. Any other status stays as it is.
 */
public final class RunOutcome {

    private RunOutcome() {
    }

    /** The figures the decision reads, summed over the run's mappings. */
    public record Figures(long rowsRead, long rowsRejected, int chunksTotal, int chunksFailed, int chunksRunning,
                          int reconciliationMismatches, boolean everyChunkDone) {
    }

    /** The status to move to, and why when it is a failure ({@code code} and {@code message} null otherwise). */
    public record Decision(RunStatus next, String code, String message) {
    }

    public static Decision decide(RunStatus current, Figures f, double maxRejectedFraction) {
        if (current == RunStatus.RUNNING) {
            if (f.chunksFailed() > 0) {
                return new Decision(RunStatus.FAILED, "CHUNK_FAILED",
                        f.chunksFailed() + " chunk(s) failed after every attempt; resume the run once the cause is fixed.");
            }
            if (f.rowsRead() > 0 && f.rowsRejected() > maxRejectedFraction * f.rowsRead()) {
                return new Decision(RunStatus.FAILED, "TOO_MANY_REJECTS", f.rowsRejected() + " of " + f.rowsRead()
                        + " rows were rejected, more than the run allows (" + maxRejectedFraction + ").");
            }
            if (f.everyChunkDone() || f.chunksTotal() == 0) {
                if (f.reconciliationMismatches() > 0) {
                    return new Decision(RunStatus.FAILED, "RECONCILIATION_FAILED",
                            f.reconciliationMismatches() + " chunk(s) differ between the source (mapped) and the target.");
                }
                return new Decision(f.rowsRejected() > 0 ? RunStatus.SUCCEEDED_WITH_REJECTS : RunStatus.SUCCEEDED, null, null);
            }
        } else if (current == RunStatus.CANCELLING && f.chunksRunning() == 0) {
            return new Decision(RunStatus.CANCELLED, null, null);
        }
        return new Decision(current, null, null);
    }
}
