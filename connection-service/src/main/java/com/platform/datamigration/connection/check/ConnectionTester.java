package com.platform.datamigration.connection.check;

import com.platform.datamigration.connection.connections.ConnectionSpec;
import com.platform.datamigration.support.source.ConnectionPolicyProperties;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import com.platform.datamigration.support.source.SourceProblems;
import com.platform.datamigration.support.source.UniformFailureTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tests a connection: opens it through the {@link SourceConnector} (deny rules, host policy, checked address, timeout,
 * fixed failure codes), then reads the server version and the privilege checklist. It always answers; the driver's own
 * messages stay inside.
 */
@Component
public class ConnectionTester {

    private final SourceConnector connector;
    private final List<CheckDialect> dialects;
    private final ConnectionPolicyProperties props;

    ConnectionTester(SourceConnector connector, List<CheckDialect> dialects, ConnectionPolicyProperties props) {
        this.connector = connector;
        this.dialects = dialects;
        this.props = props;
    }

    /**
     * The test's answer. A failure to reach the server ({@link UniformFailureTime}) is answered no sooner than the
     * longest such a failure may take, without a duration, so that a closed port and a silent one look alike.
     */
    public Mono<TestResult> test(ConnectionSpec spec, String password) {
        SourceCredentials credentials = new SourceCredentials(spec.type(), spec.host(), spec.port(), spec.database(),
                spec.username(), password, spec.sslMode(), spec.options().connectTimeoutOrDefault(),
                spec.options().applicationNameOrDefault());
        long started = System.nanoTime();
        return Mono.fromCallable(() -> testBlocking(spec, credentials)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(result -> !result.ok() && UniformFailureTime.applies(result.code())
                        ? Mono.just(result).delayElement(UniformFailureTime.remaining(started, UniformFailureTime.floor(credentials)))
                        : Mono.just(result));
    }

    TestResult testBlocking(ConnectionSpec spec, SourceCredentials credentials) {
        CheckDialect dialect = dialects.stream().filter(d -> d.supports(spec.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no dialect for " + spec.type()));
        SourceConnector.Opened opened;
        try {
            opened = connector.open(credentials);
        } catch (SourceException e) {
            if (e.refused()) {
                // A refused source is a request to fix (422 naming the field), not a failed test.
                throw SourceProblems.of(e);
            }
            return TestResult.failed(e.code());
        }
        try (Connection c = opened.connection()) {
            List<CheckItem> checks = new ArrayList<>();
            checks.add(CheckItem.of("CONNECT", true, "connected in " + opened.latencyMs() + " ms"));
            String version = c.getMetaData().getDatabaseProductVersion();
            try {
                checks.addAll(dialect.checklist(c, props.queryTimeout()));
            } catch (SQLException e) {
                checks.add(CheckItem.of("READ_CATALOG", false, "the catalog could not be read with this user"));
            }
            return TestResult.succeeded(version, opened.latencyMs(), checks);
        } catch (SQLException e) {
            return TestResult.succeeded("unknown", opened.latencyMs(),
                    List.of(CheckItem.of("CONNECT", true, "connected, but the server version could not be read")));
        }
    }
}
