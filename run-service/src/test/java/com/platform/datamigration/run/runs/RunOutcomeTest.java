package com.platform.datamigration.run.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunOutcomeTest {

    private static RunOutcome.Figures figures(long read, long rejected, int total, int failed, int running, int mismatches,
            boolean allDone) {
        return new RunOutcome.Figures(read, rejected, total, failed, running, mismatches, allDone);
    }

    private static final RunOutcome.Figures CLEAN_DONE = figures(1_000, 0, 4, 0, 0, 0, true);

    @Test
    void aRunWhoseChunksAreAllDoneAndReconciledSucceeds() {
        assertThat(RunOutcome.decide(RunStatus.RUNNING, CLEAN_DONE, 0.1)).isEqualTo(new RunOutcome.Decision(RunStatus.SUCCEEDED, null, null));
    }

    @Test
    void rejectsWithinTheAllowanceSucceedWithRejects() {
        assertThat(RunOutcome.decide(RunStatus.RUNNING, figures(1_000, 100, 4, 0, 0, 0, true), 0.1).next())
                .isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    }

    @Test
    void moreRejectsThanAllowedFailTheRunEvenWhileChunksStillRun() {
        RunOutcome.Decision d = RunOutcome.decide(RunStatus.RUNNING, figures(1_000, 101, 4, 0, 2, 0, false), 0.1);
        assertThat(d.next()).isEqualTo(RunStatus.FAILED);
        assertThat(d.code()).isEqualTo("TOO_MANY_REJECTS");
        assertThat(d.message()).contains("101 of 1000");
        assertThat(RunOutcome.decide(RunStatus.RUNNING, figures(1_000, 1, 4, 0, 0, 0, true), 0.0).code())
                .as("failOnRejects: a single reject fails").isEqualTo("TOO_MANY_REJECTS");
    }

    @Test
    void aFailedChunkWinsOverEveryOtherRule() {
        RunOutcome.Decision d = RunOutcome.decide(RunStatus.RUNNING, figures(1_000, 900, 4, 1, 0, 3, true), 0.1);
        assertThat(d.next()).isEqualTo(RunStatus.FAILED);
        assertThat(d.code()).isEqualTo("CHUNK_FAILED");
    }

    @Test
    void aReconciliationMismatchFailsTheRunOnlyOnceEveryChunkIsDone() {
        assertThat(RunOutcome.decide(RunStatus.RUNNING, figures(1_000, 0, 4, 0, 1, 1, false), 0.1).next()).isEqualTo(RunStatus.RUNNING);
        RunOutcome.Decision d = RunOutcome.decide(RunStatus.RUNNING, figures(1_000, 0, 4, 0, 0, 1, true), 0.1);
        assertThat(d.next()).isEqualTo(RunStatus.FAILED);
        assertThat(d.code()).isEqualTo("RECONCILIATION_FAILED");
    }

    @Test
    void aRunWithoutChunksSucceedsAndOneStillLoadingKeepsRunning() {
        assertThat(RunOutcome.decide(RunStatus.RUNNING, figures(0, 0, 0, 0, 0, 0, false), 0.1).next()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(RunOutcome.decide(RunStatus.RUNNING, figures(500, 0, 4, 0, 2, 0, false), 0.1).next()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void aCancellingRunIsCancelledOnceNoChunkRuns() {
        assertThat(RunOutcome.decide(RunStatus.CANCELLING, figures(500, 0, 4, 0, 1, 0, false), 0.1).next()).isEqualTo(RunStatus.CANCELLING);
        assertThat(RunOutcome.decide(RunStatus.CANCELLING, figures(500, 0, 4, 1, 0, 0, false), 0.1).next()).isEqualTo(RunStatus.CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"QUEUED", "PLANNING", "SUCCEEDED", "SUCCEEDED_WITH_REJECTS", "FAILED", "CANCELLED"})
    void otherStatusesStayAsTheyAre(RunStatus status) {
        assertThat(RunOutcome.decide(status, figures(1_000, 999, 4, 2, 0, 3, true), 0.1)).isEqualTo(new RunOutcome.Decision(status, null, null));
    }
}
