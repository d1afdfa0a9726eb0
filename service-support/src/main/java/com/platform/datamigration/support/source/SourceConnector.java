package com.platform.datamigration.support.source;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way any service opens a connection to a source: the host policy first (no socket to a refused host),
 * then the driver, connected to the checked address with a timeout. Failures come back as a
 * {@link SourceException} with a fixed {@link FailureCode}. Blocking: call it off event-loop threads.
 */
public class SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(SourceConnector.class);
    private static final List<SourceDriver> DRIVERS = List.of(new PostgresSourceDriver(), new MariaDbSourceDriver());

    private final HostPolicy hosts;

    public SourceConnector(HostPolicy hosts) {
        this.hosts = hosts;
    }

    /** An open connection and how long opening it took. */
    public record Opened(Connection connection, long latencyMs) {
    }

    public Opened open(SourceCredentials credentials) throws SourceException {
        SourceDriver driver = DRIVERS.stream().filter(d -> d.supports(credentials.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no driver for " + credentials.type()));
        HostPolicy.Target target;
        try {
            target = hosts.resolve(credentials.host(), credentials.port());
        } catch (HostPolicy.BlockedHostException e) {
            throw new SourceException(FailureCode.BLOCKED_HOST, null);
        } catch (UnknownHostException e) {
            throw new SourceException(FailureCode.UNREACHABLE, null);
        }
        long started = System.nanoTime();
        try {
            Connection c = driver.driver().connect(driver.url(target.address(), target.port(), credentials.database()),
                    driver.properties(credentials));
            try {
                driver.afterConnect(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            return new Opened(c, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            FailureCode code = driver.classify(e).orElseGet(() -> fromCause(e));
            // The SQL state only: the driver's message may quote what the admin typed.
            log.info("Connection to {}:{} failed with {} (SQL state {})", credentials.host(), credentials.port(), code,
                    e.getSQLState());
            throw new SourceException(code, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.info("Connection to {}:{} failed: {}", credentials.host(), credentials.port(), e.getClass().getSimpleName());
            throw new SourceException(FailureCode.UNREACHABLE, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Network-level failures. A refused port and a port where something other than a database answers both read
     * as UNREACHABLE, so the answer cannot be used to map which ports are open.
     */
    private static FailureCode fromCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException timeout && String.valueOf(timeout.getMessage()).contains("connect")) {
                return FailureCode.TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof EOFException) {
                return FailureCode.UNREACHABLE;
            }
        }
        return FailureCode.UNREACHABLE;
    }
}
