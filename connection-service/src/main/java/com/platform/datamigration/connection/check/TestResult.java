package com.platform.datamigration.connection.check;

import com.platform.datamigration.support.source.FailureCode;

import java.time.Instant;
import java.util.List;

/**
 * The answer of a connection test.
 *
 * @param ok        the connection succeeded (the checklist may still show missing privileges)
 * @param code      why it failed, when it did
 * @param latencyMs how long connecting took; only on success
 * @param cdcReady  every {@code CDC_…} check passed: change data capture can run with this connection
 */
public record TestResult(
        boolean ok,
        FailureCode code,
        String message,
        String serverVersion,
        Long latencyMs,
        boolean cdcReady,
        List<CheckItem> checks,
        Instant testedAt) {

    public TestResult {
        checks = List.copyOf(checks);
    }

    /** A failure: its code and fixed message, and no duration (how long a failure took tells open ports from closed). */
    public static TestResult failed(FailureCode code) {
        return new TestResult(false, code, code.message(), null, null, false, List.of(), Instant.now());
    }

    public static TestResult succeeded(String serverVersion, long latencyMs, List<CheckItem> checks) {
        boolean cdc = checks.stream().filter(c -> c.name().startsWith("CDC_")).allMatch(CheckItem::ok)
                && checks.stream().anyMatch(c -> c.name().startsWith("CDC_"));
        return new TestResult(true, null, "Connected.", serverVersion, latencyMs, cdc, checks, Instant.now());
    }
}
