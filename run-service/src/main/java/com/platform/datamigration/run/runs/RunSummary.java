package com.platform.datamigration.run.runs;

import com.platform.datamigration.contracts.RunStatus;
import java.time.Instant;
import java.util.UUID;

/** A run in the history: what was asked, its lifecycle, why it failed, and the latest progress it reported. */
public record RunSummary(UUID id, RunStatus status, String requestedBy, Instant requestedAt, Instant startedAt, Instant finishedAt,
                         RunOptions options, String errorCode, String errorMessage, RunView progress) {
}
