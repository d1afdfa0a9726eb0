package com.platform.datamigration.support.source;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a host may be connected to. The name is resolved once; every address it resolves to must be
 * allowed (so a name cannot hide a loopback address behind a public one), and the caller then connects to the
 * address returned here, never to the name again, which defeats DNS rebinding.
 */
public class HostPolicy {

    /** A host resolved and allowed: connect to {@link #address()}. */
    public record Target(String host, InetAddress address, int port) {
    }

    /** The host is refused; nothing was connected to. */
    public static final class BlockedHostException extends Exception {
        BlockedHostException() {
            super("blocked host", null, false, false);
        }
    }

    private final boolean blockPrivate;
    private final List<Allowed> allowed = new ArrayList<>();

    public HostPolicy(ConnectionPolicyProperties props) {
        this.blockPrivate = props.blockPrivateRanges();
        for (String entry : props.allowedTargets()) {
            if (!entry.isBlank()) {
                allowed.add(Allowed.parse(entry.trim()));
            }
        }
    }

    /**
     * Resolves {@code host} once and checks every address.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    public Target resolve(String host, int port) throws BlockedHostException, UnknownHostException {
        return check(host, InetAddress.getAllByName(host), port);
    }

    /** Checks the addresses {@code host} resolved to (once, by the caller); the target is the first of them. */
    public Target check(String host, InetAddress[] addresses, int port) throws BlockedHostException {
        for (InetAddress address : addresses) {
            if (restricted(address) && (!exceptionAllowed(host, address) || allowed.stream().noneMatch(a -> a.matches(host, address, port)))) {
                throw new BlockedHostException();
            }
        }
        return new Target(host, addresses[0], port);
    }

    /**
     * Loopback, link-local, unspecified and multicast addresses can be allow-listed only when typed as that very
     * address: a name that resolves to one of them is the classic way around an allow-list, so it never passes.
     */
    private static boolean exceptionAllowed(String host, InetAddress address) {
        boolean special = address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress();
        if (!special) {
            return true;
        }
        try {
            return Allowed.isLiteral(host) && InetAddress.getByName(host).equals(address);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private boolean restricted(InetAddress a) {
        byte[] b = a.getAddress();
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240) {
                return true; // "this network", reserved and broadcast
            }
            boolean isPrivate = first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127);
            return blockPrivate && isPrivate;
        }
        if (a instanceof Inet6Address) {
            InetAddress embedded = embeddedIpv4(b);
            if (embedded != null) {
                return restricted(embedded);
            }
            if (teredo(b)) {
                return true;
            }
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean siteLocal = a.isSiteLocalAddress();
            return blockPrivate && (uniqueLocal || siteLocal);
        }
        return true;
    }

    /**
     * The IPv4 address inside NAT64 ({@code 64:ff9b::/96}, {@code 64:ff9b:1::/48}), 6to4 ({@code 2002::/16}),
     * IPv4-translated ({@code ::ffff:0:0/96}) and IPv4-compatible ({@code ::/96}) addresses, which reach IPv4 hosts and
     * must pass the IPv4 rules. (IPv4-mapped {@code ::ffff:0:0/96} addresses are IPv4 addresses to Java already.)
     */
    static InetAddress embeddedIpv4(byte[] b) {
        int offset = -1;
        if (translated(b)) {
            offset = 12;
        } else if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            offset = 12;
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            offset = 2;
        } else {
            boolean compatible = true;
            for (int i = 0; i < 12; i++) {
                compatible &= b[i] == 0;
            }
            if (compatible && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))) {
                offset = 12;
            }
        }
        if (offset < 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, offset, offset + 4));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code ::ffff:0:a.b.c.d} (RFC 2765): eight zero bytes, {@code ffff}, two zero bytes, then the IPv4 address. */
    private static boolean translated(byte[] b) {
        for (int i = 0; i < 8; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0;
    }

    /**
     * Teredo ({@code 2001:0::/32}) hides the client's IPv4 address (inverted) in the last four bytes and tunnels to it
     * through a relay: no rule can tell where it leads, so it is always restricted.
     */
    private static boolean teredo(byte[] b) {
        return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0;
    }

    /** One allow-list entry. */
    private record Allowed(String host, byte[] network, int prefix, int port) {

        static Allowed parse(String entry) {
            int port = -1;
            String address = entry;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                address = entry.substring(1, close);
                if (entry.length() > close + 1 && entry.charAt(close + 1) == ':') {
                    port = Integer.parseInt(entry.substring(close + 2));
                }
            } else if (entry.chars().filter(c -> c == ':').count() == 1) {
                address = entry.substring(0, entry.indexOf(':'));
                port = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
            }
            int prefix = -1;
            if (address.contains("/")) {
                prefix = Integer.parseInt(address.substring(address.indexOf('/') + 1));
                address = address.substring(0, address.indexOf('/'));
            }
            if (isLiteral(address)) {
                try {
                    byte[] network = InetAddress.getByName(address).getAddress();
                    return new Allowed(null, network, prefix < 0 ? network.length * 8 : prefix, port);
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("dm.connections.allowed-targets: not an address: " + entry);
                }
            }
            return new Allowed(address.toLowerCase(Locale.ROOT), null, -1, port);
        }

        boolean matches(String requestedHost, InetAddress address, int requestedPort) {
            if (port >= 0 && port != requestedPort) {
                return false;
            }
            if (host != null) {
                return host.equals(requestedHost.toLowerCase(Locale.ROOT));
            }
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        static boolean isLiteral(String s) {
            return s.matches("[0-9.]+") || (s.contains(":") && s.matches("[0-9a-fA-F:.]+"));
        }
    }
}
