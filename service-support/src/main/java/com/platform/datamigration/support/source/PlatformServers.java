package com.platform.datamigration.support.source;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own servers, refused as a source whatever the host allow-list says: deny wins over allow. Two
 * checks, both by what the server is rather than what it was called:
 * <ul>
 * <li>before connecting, {@link #refuseByAddress}: the resolved address and port against every address of the
 *     platform's servers. A server on this machine is every loopback address, the unspecified address and every
 *     address of this machine's interfaces, so {@code localhost}, {@code 127.0.0.2}, {@code ::1} or the machine's
 *     own LAN address reach no further than {@code 127.0.0.1} does;</li>
 * <li>once connected and before any query on the source's data, {@link #refuseByIdentity}: the server's identity
 *     ({@link ServerIdentity}) against the identity of the platform's servers, which catches the same server behind
 *     a proxy, a port forward, a NAT address or a name this service cannot know.</li>
 * </ul>
 * On the platform's servers the platform's databases are refused ({@link DenyProperties#databases()}); on the
 * servers of {@link DenyProperties#targets()} every database is. Thread-safe.
 */
public class PlatformServers {

    private static final Logger log = LoggerFactory.getLogger(PlatformServers.class);

    private final List<Own> servers = new ArrayList<>();
    private final List<Endpoint> denied = new ArrayList<>();
    private final Set<String> databases = new LinkedHashSet<>();
    private final long identityMaxAgeNanos;

    public PlatformServers(DenyProperties props) {
        for (String database : props.databases()) {
            if (!database.isBlank()) {
                databases.add(database.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (DenyProperties.Server server : new DenyProperties.Server[] {props.own(), props.platform()}) {
            if (server != null && server.jdbcUrl() != null && !server.jdbcUrl().isBlank()) {
                Own own = Own.parse(server);
                databases.add(own.database().toLowerCase(Locale.ROOT));
                if (servers.stream().noneMatch(s -> s.endpoint().equals(own.endpoint()))) {
                    servers.add(own);
                }
            }
        }
        for (String entry : props.targets()) {
            if (!entry.isBlank()) {
                denied.add(Endpoint.parse(entry.trim(), -1));
            }
        }
        this.identityMaxAgeNanos = props.identityMaxAge().toNanos();
    }

    /** The databases refused on the platform's servers, lower case. */
    public Set<String> databases() {
        return Collections.unmodifiableSet(databases);
    }

    /**
     * Refuses, before any socket is opened, a target that is one of the platform's servers (by any of
     * {@code addresses}, the one resolution of the requested host) with a platform database, or a denied target.
     */
    public void refuseByAddress(InetAddress[] addresses, int port, String database) throws SourceException {
        Set<InetAddress> local = null;
        for (Endpoint endpoint : denied) {
            local = local == null ? localAddresses() : local;
            if (endpoint.matches(addresses, port, local)) {
                throw refused("host");
            }
        }
        if (!databases.contains(database.toLowerCase(Locale.ROOT))) {
            return;
        }
        for (Own server : servers) {
            local = local == null ? localAddresses() : local;
            if (server.endpoint().matches(addresses, port, local)) {
                throw refused("database");
            }
        }
    }

    /**
     * Refuses a session, just opened, that is connected to a platform database on one of the platform's servers,
     * however the server was reached. Fails closed: when a platform server's own identity cannot be read, the source
     * is not let through.
     */
    public void refuseByIdentity(ServerIdentity source) throws SourceException {
        if (!databases.contains(source.database().toLowerCase(Locale.ROOT))) {
            return;
        }
        for (Own server : servers) {
            if (server.sameAs(source, identityMaxAgeNanos)) {
                throw refused("database");
            }
        }
    }

    private static SourceException refused(String field) {
        return new SourceException(FailureCode.PLATFORM_DATABASE, null, field);
    }

    /** Loopback and unspecified addresses are matched by kind; these are this machine's other addresses. */
    static Set<InetAddress> localAddresses() {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    addresses.add(normalize(a));
                }
            }
        } catch (SocketException e) {
            log.warn("This machine's network interfaces could not be listed; only loopback counts as local");
        }
        return addresses;
    }

    /** IPv4 addresses inside IPv6 forms (mapped, compatible, NAT64, 6to4) are the IPv4 address; IPv6 scope is dropped. */
    static InetAddress normalize(InetAddress a) {
        if (a instanceof Inet6Address) {
            InetAddress embedded = HostPolicy.embeddedIpv4(a.getAddress());
            if (embedded != null) {
                return embedded;
            }
            try {
                return InetAddress.getByAddress(a.getAddress());
            } catch (UnknownHostException e) {
                return a;
            }
        }
        return a;
    }

    static boolean isLocal(InetAddress a, Set<InetAddress> local) {
        InetAddress n = normalize(a);
        return n.isLoopbackAddress() || n.isAnyLocalAddress() || local.contains(n);
    }

    /** A host and port; {@code port < 0}: any port. */
    record Endpoint(String host, int port) {

        static Endpoint parse(String entry, int defaultPort) {
            String host = entry;
            int port = defaultPort;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                host = entry.substring(1, close);
                if (entry.length() > close + 1 && entry.charAt(close + 1) == ':') {
                    port = Integer.parseInt(entry.substring(close + 2));
                }
            } else if (entry.chars().filter(c -> c == ':').count() == 1) {
                host = entry.substring(0, entry.indexOf(':'));
                port = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
            }
            return new Endpoint(host.toLowerCase(Locale.ROOT), port);
        }

        /**
         * Whether a connection to any of {@code addresses} on {@code port} reaches this endpoint. A name that does not
         * resolve here matches nothing by address (the identity check still applies).
         */
        boolean matches(InetAddress[] addresses, int requestedPort, Set<InetAddress> local) {
            if (port >= 0 && port != requestedPort) {
                return false;
            }
            InetAddress[] own;
            try {
                own = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                return false;
            }
            boolean onThisMachine = Arrays.stream(own).anyMatch(a -> isLocal(a, local));
            for (InetAddress candidate : addresses) {
                if (onThisMachine && isLocal(candidate, local)) {
                    return true;
                }
                InetAddress n = normalize(candidate);
                if (Arrays.stream(own).map(PlatformServers::normalize).anyMatch(n::equals)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One of the platform's own servers, with the identity last read from it. */
    private static final class Own {

        private final Endpoint endpoint;
        private final String database;
        private final DenyProperties.Server login;
        private ServerIdentity identity;
        private long readAt;

        private Own(Endpoint endpoint, String database, DenyProperties.Server login) {
            this.endpoint = endpoint;
            this.database = database;
            this.login = login;
        }

        static Own parse(DenyProperties.Server server) {
            String url = server.jdbcUrl();
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("dm.connections.deny: not a jdbc:postgresql:// URL");
            }
            URI uri = URI.create(url.substring("jdbc:".length()));
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            return new Own(new Endpoint(host.toLowerCase(Locale.ROOT), uri.getPort() < 0 ? 5432 : uri.getPort()),
                    path.isEmpty() ? "postgres" : path, server);
        }

        Endpoint endpoint() {
            return endpoint;
        }

        String database() {
            return database;
        }

        synchronized boolean sameAs(ServerIdentity source, long maxAgeNanos) throws SourceException {
            if (identity != null && identity.sameServerAs(source)) {
                return true;
            }
            if (identity != null && System.nanoTime() - readAt < maxAgeNanos) {
                return false;
            }
            identity = read();
            readAt = System.nanoTime();
            return identity.sameServerAs(source);
        }

        private ServerIdentity read() throws SourceException {
            Properties p = new Properties();
            if (login.username() != null && !login.username().isEmpty()) {
                p.setProperty("user", login.username());
            }
            if (login.password() != null && !login.password().isEmpty()) {
                p.setProperty("password", login.password());
            }
            p.setProperty("connectTimeout", "5");
            p.setProperty("socketTimeout", "10");
            p.setProperty("ApplicationName", "data-migration identity check");
            try (Connection c = new org.postgresql.Driver().connect(login.jdbcUrl(), p)) {
                return ServerIdentity.read(c);
            } catch (SQLException | RuntimeException e) {
                log.warn("The identity of the platform's server {}:{} could not be read (SQL state {}); sources are refused "
                        + "until it can", endpoint.host(), endpoint.port(), e instanceof SQLException s ? s.getSQLState() : "none");
                throw new SourceException(FailureCode.UNREACHABLE, null);
            }
        }
    }
}
