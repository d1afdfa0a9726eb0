package com.platform.datamigration.support.source;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    private final PlatformServers platform;

    public SourceConnector(HostPolicy hosts, PlatformServers platform) {
        this.hosts = hosts;
        this.platform = platform;
    }

    /** An open connection and how long opening it took. */
    public record Opened(Connection connection, long latencyMs) {
    }

    /**
     * Checks a source without connecting: the host is resolved once, the platform's own servers and databases are
     * refused ({@link FailureCode#PLATFORM_DATABASE}, whatever the allow-list says), then the host policy applies
     * ({@link FailureCode#BLOCKED_HOST}). A name that does not resolve gives {@link FailureCode#UNREACHABLE}.
     */
    public HostPolicy.Target admit(String host, int port, String database) throws SourceException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new SourceException(FailureCode.UNREACHABLE, null);
        }
        platform.refuseByAddress(addresses, port, database);
        try {
            return hosts.check(host, addresses, port);
        } catch (HostPolicy.BlockedHostException e) {
            throw new SourceException(FailureCode.BLOCKED_HOST, null, "host");
        }
    }

    /**
     * Opens a connection: {@link #admit} first (no socket to a refused host), then the driver to the checked
     * address, then, before anything reads the source, the server's identity against the platform's own servers.
     */
    public Opened open(SourceCredentials credentials) throws SourceException {
        SourceDriver driver = DRIVERS.stream().filter(d -> d.supports(credentials.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no driver for " + credentials.type()));
        HostPolicy.Target target;
        try {
            target = admit(credentials.host(), credentials.port(), credentials.database());
        } catch (SourceException e) {
            logRefusal(credentials, e);
            throw e;
        }
        long started = System.nanoTime();
        try {
            Connection c = driver.driver().connect(driver.url(target.address(), target.port(), credentials.database()),
                    driver.properties(credentials));
            try {
                refuseIfPlatform(driver, c, credentials.database());
                driver.afterConnect(c);
            } catch (SourceException e) {
                c.close();
                logRefusal(credentials, e);
                throw e;
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

    /** An attempt at the platform's own databases is worth an operator's attention: where it went, never the login. */
    private static void logRefusal(SourceCredentials credentials, SourceException e) {
        if (e.code() == FailureCode.PLATFORM_DATABASE) {
            log.warn("Source {}:{} refused: it is one of the platform's own servers and databases ({})", credentials.host(),
                    credentials.port(), e.field());
        }
    }

    /**
     * The same server may answer under an address no configuration names (a proxy, a port forward, a NAT address):
     * what it says it is decides. A PostgreSQL session that cannot tell is refused when it asks for a platform
     * database by name.
     */
    private void refuseIfPlatform(SourceDriver driver, Connection c, String requestedDatabase) throws SourceException {
        if (!driver.mayBePlatformServer()) {
            return;
        }
        Optional<ServerIdentity> identity = driver.identity(c);
        if (identity.isPresent()) {
            platform.refuseByIdentity(identity.get());
        } else if (platform.databases().contains(requestedDatabase.toLowerCase(Locale.ROOT))) {
            throw new SourceException(FailureCode.PLATFORM_DATABASE, null, "database");
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
