package com.platform.datamigration.connection.connections.web;

import com.platform.datamigration.connection.connections.ConnectionOptions;
import com.platform.datamigration.connection.connections.ConnectionSpec;
import com.platform.datamigration.support.source.SslMode;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.support.problem.Problems;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a well-formed request into a {@link ConnectionSpec}, refusing with 422 what is well-formed but unsafe or
 * unsupported: another engine, a host that is not a plain name or address, a database name with URL syntax, an
 * option outside the allow-list. Nothing refused here has reached a driver.
 */
final class ConnectionRequests {

    private static final Pattern HOSTNAME = Pattern.compile(
            "^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern DATABASE = Pattern.compile("^[\\p{L}\\p{N}_$][\\p{L}\\p{N}_$.\\-]{0,62}$");
    private static final Pattern USERNAME = Pattern.compile("^[\\p{L}\\p{N}_$.@\\-]{1,128}$");
    private static final Pattern APPLICATION_NAME = Pattern.compile("^[A-Za-z0-9 _.\\-]{1,64}$");

    private ConnectionRequests() {
    }

    static ConnectionSpec toSpec(ConnectionRequest request) {
        DatabaseType type;
        try {
            type = DatabaseType.valueOf(request.type().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.unprocessable("UNSUPPORTED_TYPE", "type", "Supported types are POSTGRESQL, MYSQL and MARIADB.");
        }
        String host = request.host().trim();
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (bracketed) {
            host = host.substring(1, host.length() - 1);
        }
        // A host with a colon (or in brackets) must be an IPv6 address and nothing else: "127.0.0.1:5432" or
        // "[::1]:5432" would carry a port (or worse) inside the host.
        if (host.contains(":") || bracketed ? !isIpv6Literal(host) : !HOSTNAME.matcher(host).matches()) {
            throw Problems.unprocessable("INVALID_HOST", "host", "The host must be a plain host name or IP address, without a port.");
        }
        if (!DATABASE.matcher(request.database()).matches()) {
            throw Problems.unprocessable("INVALID_DATABASE", "database",
                    "The database name may contain letters, digits, '_', '$', '.' and '-' only.");
        }
        if (!USERNAME.matcher(request.username()).matches()) {
            throw Problems.unprocessable("INVALID_USERNAME", "username",
                    "The username may contain letters, digits, '_', '$', '.', '@' and '-' only.");
        }
        return new ConnectionSpec(type, host, request.port(), request.database(), request.username(),
                request.sslMode() == null ? SslMode.PREFER : request.sslMode(), options(request.options()));
    }

    /**
     * A strict IPv6 literal (RFC 4291 text form): eight groups of one to four hex digits, or fewer around one
     * {@code ::}, the last two groups optionally written as an IPv4 address; no zone id, no port, no brackets.
     */
    static boolean isIpv6Literal(String s) {
        if (s.length() > 45 || s.contains(":::") || s.indexOf("::") != s.lastIndexOf("::")) {
            return false;
        }
        boolean compressed = s.contains("::");
        String[] parts = compressed ? s.split("::", -1) : new String[] {s};
        int groups = 0;
        for (int p = 0; p < parts.length; p++) {
            if (parts[p].isEmpty()) {
                continue;
            }
            String[] pieces = parts[p].split(":", -1);
            for (int i = 0; i < pieces.length; i++) {
                boolean last = p == parts.length - 1 && i == pieces.length - 1;
                if (last && IPV4.matcher(pieces[i]).matches()) {
                    groups += 2;
                } else if (HEX_GROUP.matcher(pieces[i]).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static ConnectionOptions options(Map<String, Object> options) {
        if (options == null || options.isEmpty()) {
            return ConnectionOptions.DEFAULTS;
        }
        Integer timeout = null;
        String applicationName = null;
        for (Map.Entry<String, Object> option : options.entrySet()) {
            String field = "options." + option.getKey();
            switch (option.getKey()) {
                case "connectTimeoutSeconds" -> {
                    if (!(option.getValue() instanceof Integer seconds) || seconds < 1 || seconds > 60) {
                        throw Problems.unprocessable("INVALID_OPTION", field, "connectTimeoutSeconds must be 1 to 60.");
                    }
                    timeout = seconds;
                }
                case "applicationName" -> {
                    if (!(option.getValue() instanceof String name) || !APPLICATION_NAME.matcher(name).matches()) {
                        throw Problems.unprocessable("INVALID_OPTION", field,
                                "applicationName may contain letters, digits, space, '_', '.' and '-' (at most 64).");
                    }
                    applicationName = name;
                }
                default -> throw Problems.unprocessable("UNSUPPORTED_OPTION", "options",
                        "Only the options connectTimeoutSeconds and applicationName are supported.");
            }
        }
        return new ConnectionOptions(timeout, applicationName);
    }
}
