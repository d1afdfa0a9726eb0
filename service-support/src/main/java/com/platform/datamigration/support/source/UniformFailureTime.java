package com.platform.datamigration.support.source;

import java.time.Duration;

/**
 * How long a failure to reach a source takes to be told. A refused port fails in milliseconds, a port where something
 * silent listens only when the driver gives up: answered as they happen, the two tell a port scanner which ports are
 * open even when both carry the same code. Failures of the network kind ({@link FailureCode#UNREACHABLE},
 * {@link FailureCode#TIMEOUT}) are therefore answered no sooner than the longest the driver may take to fail (twice the
 * connect timeout: the login timeout of the sessions this project opens), and never with a duration.
 */
public final class UniformFailureTime {

    private UniformFailureTime() {
    }

    /** Whether a failure with this code must be answered at the uniform time. */
    public static boolean applies(FailureCode code) {
        return code == FailureCode.UNREACHABLE || code == FailureCode.TIMEOUT;
    }

    /** The earliest a network failure of these credentials is answered, counted from the attempt's start. */
    public static Duration floor(SourceCredentials credentials) {
        return Duration.ofSeconds(2L * credentials.connectTimeoutSeconds());
    }

    /** What is left of {@code floor} since {@code startedNanos} ({@link System#nanoTime()}); zero once passed. */
    public static Duration remaining(long startedNanos, Duration floor) {
        long left = floor.toNanos() - (System.nanoTime() - startedNanos);
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }
}
