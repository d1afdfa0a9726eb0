package com.platform.datamigration.connection.check;

import com.platform.datamigration.connection.connections.ConnectionSpec;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tests a connection: applies the host policy (no socket is opened to a refused host), connects to the checked
 * address with a timeout, reads the server version and the privilege checklist, and turns any failure into a
 * {@link FailureCode}. It always answers; the driver's own messages stay inside.
 */
@Component
public class ConnectionTester {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTester.class);

    private final HostPolicy hosts;
    private final List<SourceDialect> dialects;
    private final ConnectionPolicyProperties props;

    ConnectionTester(HostPolicy hosts, List<SourceDialect> dialects, ConnectionPolicyProperties props) {
        this.hosts = hosts;
        this.dialects = dialects;
        this.props = props;
    }

    public Mono<TestResult> test(ConnectionSpec spec, String password) {
        return Mono.fromCallable(() -> testBlocking(spec, password)).subscribeOn(Schedulers.boundedElastic());
    }

    TestResult testBlocking(ConnectionSpec spec, String password) {
        SourceDialect dialect = dialects.stream().filter(d -> d.supports(spec.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no dialect for " + spec.type()));
        HostPolicy.Target target;
        try {
            target = hosts.resolve(spec.host(), spec.port());
        } catch (HostPolicy.BlockedHostException e) {
            return TestResult.failed(FailureCode.BLOCKED_HOST, null);
        } catch (UnknownHostException e) {
            return TestResult.failed(FailureCode.UNREACHABLE, null);
        }
        long started = System.nanoTime();
        try (Connection c = dialect.driver().connect(dialect.url(target.address(), target.port(), spec.database()),
                dialect.properties(spec, password))) {
            long latency = (System.nanoTime() - started) / 1_000_000;
            List<CheckItem> checks = new ArrayList<>();
            checks.add(CheckItem.of("CONNECT", true, "connected in " + latency + " ms"));
            String version = c.getMetaData().getDatabaseProductVersion();
            try {
                checks.addAll(dialect.checklist(c, props.queryTimeout()));
            } catch (SQLException e) {
                checks.add(CheckItem.of("READ_CATALOG", false, "the catalog could not be read with this user"));
            }
            return TestResult.succeeded(version, latency, checks);
        } catch (SQLException e) {
            long latency = (System.nanoTime() - started) / 1_000_000;
            FailureCode code = dialect.classify(e).orElseGet(() -> fromCause(e));
            // The SQL state only: the driver's message may quote what the admin typed.
            log.info("Connection test to {}:{} failed with {} (SQL state {})", spec.host(), spec.port(), code, e.getSQLState());
            return TestResult.failed(code, latency);
        } catch (RuntimeException e) {
            log.info("Connection test to {}:{} failed: {}", spec.host(), spec.port(), e.getClass().getSimpleName());
            return TestResult.failed(FailureCode.UNREACHABLE, (System.nanoTime() - started) / 1_000_000);
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
