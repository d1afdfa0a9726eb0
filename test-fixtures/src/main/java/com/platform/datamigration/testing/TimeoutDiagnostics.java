package com.platform.datamigration.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because something did not answer in time, the failure carries a dump of every thread of the
 * test JVM taken at that moment: a request that never completes is then explained by what was blocked, not guessed
 * at. Registered through {@code META-INF/services} and the build's extension auto-detection.
 */
public final class TimeoutDiagnostics implements TestExecutionExceptionHandler {

    private static final int MAX_CHARS = 200_000;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (!isTimeout(failure)) {
            throw failure;
        }
        AssertionError explained = new AssertionError(failure.getMessage() + "\n--- threads of the test JVM when "
                + context.getDisplayName() + " timed out ---\n" + threadDump(), failure);
        throw explained;
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof TimeoutException || message.contains("Timeout on blocking read")
                    || message.contains("Did not observe any item or terminal signal")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Every live thread with its full stack and the locks it holds or waits for. */
    public static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
            out.append('\n');
            if (out.length() > MAX_CHARS) {
                out.append("… (cut)\n");
                break;
            }
        }
        return out.toString();
    }
}
