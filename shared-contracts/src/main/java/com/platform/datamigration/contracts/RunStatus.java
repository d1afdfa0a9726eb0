package com.platform.datamigration.contracts;

/** Lifecycle of a run. Values may be added; none is removed or renamed. */
public enum RunStatus {
    QUEUED(false),
    PLANNING(false),
    RUNNING(false),
    CANCELLING(false),
    SUCCEEDED(true),
    SUCCEEDED_WITH_REJECTS(true),
    FAILED(true),
    CANCELLED(true);

    private final boolean terminal;

    RunStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** A terminal status is the last one a run reports (until it is resumed). */
    public boolean terminal() {
        return terminal;
    }
}
