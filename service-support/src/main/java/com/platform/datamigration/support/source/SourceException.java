package com.platform.datamigration.support.source;

/**
 * A source could not be reached or refused us. Carries a {@link FailureCode} only: the driver's message, which
 * may quote what an admin typed, stays out of it.
 */
public class SourceException extends Exception {

    private final FailureCode code;
    private final Long latencyMs;

    public SourceException(FailureCode code, Long latencyMs) {
        super(code.name() + ": " + code.message(), null, false, false);
        this.code = code;
        this.latencyMs = latencyMs;
    }

    public FailureCode code() {
        return code;
    }

    /** Time until the failure, when a connection was attempted. */
    public Long latencyMs() {
        return latencyMs;
    }
}
