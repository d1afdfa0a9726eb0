package com.platform.datamigration.support.source;

/**
 * Why a connection test failed. Callers see the code and its fixed message, never a driver's text, so an answer
 * reveals nothing about the server beyond the category. A closed port and a port where no database answers give
 * the same {@link #UNREACHABLE}.
 */
public enum FailureCode {
    AUTH_FAILED("The server refused the username or password."),
    UNREACHABLE("No database server answered at this host and port."),
    TIMEOUT("The server did not answer in time."),
    TLS_REQUIRED("The server requires an encrypted connection: choose an SSL mode that uses TLS."),
    TLS_UNAVAILABLE("The SSL mode requires TLS but the server does not offer it."),
    TLS_VERIFICATION_FAILED("The server's certificate could not be verified with this SSL mode."),
    DATABASE_NOT_FOUND("The database does not exist on this server, or the user may not connect to it."),
    BLOCKED_HOST("This host is not allowed as a source: it is or resolves to a loopback, link-local, private or "
            + "otherwise restricted address."),
    PLATFORM_DATABASE("This server and database belong to the platform itself and are never a source.");

    private final String message;

    FailureCode(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
