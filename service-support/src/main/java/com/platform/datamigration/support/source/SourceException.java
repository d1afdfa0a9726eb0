package com.platform.datamigration.support.source;

/**
 * A source could not be reached or refused us. Carries a {@link FailureCode} only: the driver's message, which
 * may quote what an admin typed, stays out of it.
 */
public class SourceException extends Exception {

    private final FailureCode code;
    private final Long latencyMs;
    private final String field;

    public SourceException(FailureCode code, Long latencyMs) {
        this(code, latencyMs, null);
    }

    /** @param field the connection field at fault when the source is refused rather than failing ({@code host}, {@code database}) */
    public SourceException(FailureCode code, Long latencyMs, String field) {
        super(code.name() + ": " + code.message(), null, false, false);
        this.code = code;
        this.latencyMs = latencyMs;
        this.field = field;
    }

    /**
     * Whether the source is refused by policy (a request to fix, 422) rather than failing (a server's answer).
     */
    public boolean refused() {
        return code == FailureCode.BLOCKED_HOST || code == FailureCode.PLATFORM_DATABASE;
    }

    /** The connection field at fault when {@link #refused()}: {@code host} or {@code database}. */
    public String field() {
        return field != null ? field : code == FailureCode.PLATFORM_DATABASE ? "database" : "host";
    }

    public FailureCode code() {
        return code;
    }

    /** Time until the failure, when a connection was attempted. */
    public Long latencyMs() {
        return latencyMs;
    }
}
