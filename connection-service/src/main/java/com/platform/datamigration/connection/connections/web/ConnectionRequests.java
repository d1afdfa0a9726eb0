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
    private static final Pattern IPV6 = Pattern.compile("^\\[?[0-9A-Fa-f:.]{2,45}]?$");
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
        if (!HOSTNAME.matcher(host).matches() && !(host.contains(":") && IPV6.matcher(host).matches())) {
            throw Problems.unprocessable("INVALID_HOST", "host", "The host must be a plain host name or IP address.");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
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
