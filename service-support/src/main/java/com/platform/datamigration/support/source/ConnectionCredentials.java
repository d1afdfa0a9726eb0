package com.platform.datamigration.support.source;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.security.InternalProperties;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Fetches a connection's credentials from connection-service's internal endpoint at use time, with this service's
 * credential. This class keeps nothing: the password lives only in the returned object, and a caller that keeps it
 * longer (run-service's workers hold a connection's credentials for up to a minute) does so in memory only.
 */
public class ConnectionCredentials {

    private final WebClient http;
    private final URI connectionService;
    private final InternalProperties internal;

    public ConnectionCredentials(URI connectionService, InternalProperties internal) {
        this.http = WebClient.create();
        this.connectionService = connectionService;
        this.internal = internal;
    }

    private record Answer(String id, DatabaseType type, String host, int port, String database, String username, String password,
                          SslMode sslMode, Options options) {

        @Override
        public String toString() {
            return "Answer[id=" + id + ", password=***]";
        }
    }

    private record Options(Integer connectTimeoutSeconds, String applicationName) {
    }

    /** The connection's credentials; 404 when the organization has no such connection. */
    public Mono<SourceCredentials> of(OrganizationId org, ConnectionId connection) {
        return http.get().uri(connectionService.resolve("/internal/connections/" + connection + "/credentials"))
                .header(InternalProperties.HEADER, internal.credential())
                .header(InternalProperties.ORGANIZATION_HEADER, org.value())
                .retrieve()
                .bodyToMono(Answer.class)
                .timeout(Duration.ofSeconds(10))
                .map(a -> new SourceCredentials(a.type(), a.host(), a.port(), a.database(), a.username(), a.password(),
                        a.sslMode(), a.options() == null || a.options().connectTimeoutSeconds() == null ? 5
                        : a.options().connectTimeoutSeconds(),
                        a.options() == null || a.options().applicationName() == null ? "data-migration"
                                : a.options().applicationName()))
                .onErrorMap(WebClientResponseException.NotFound.class, e -> Problems.notFound("connection", connection))
                .onErrorMap(WebClientResponseException.Conflict.class, e -> Problems.of(HttpStatus.CONFLICT,
                        "The connection's stored password cannot be decrypted; enter it again.", "CREDENTIALS_UNREADABLE",
                        java.util.List.of()))
                .onErrorMap(e -> !(e instanceof org.springframework.web.ErrorResponseException),
                        e -> Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "The connection-service is unavailable; try again shortly.",
                                "SERVICE_UNAVAILABLE", java.util.List.of()));
    }

    /**
     * What a failure of {@link #of} means, as a code for callers that record it rather than answer with it (a run's
     * worker): {@code CONNECTION_NOT_FOUND}, {@code CREDENTIALS_UNREADABLE}, or {@code CONNECTION_SERVICE_UNAVAILABLE}.
     */
    public static String failureCode(Throwable failure) {
        if (failure instanceof org.springframework.web.ErrorResponseException e) {
            if (e.getStatusCode().value() == 404) {
                return "CONNECTION_NOT_FOUND";
            }
            Object code = e.getBody().getProperties() == null ? null : e.getBody().getProperties().get("code");
            if (code instanceof String s && !"SERVICE_UNAVAILABLE".equals(s)) {
                return s;
            }
        }
        return "CONNECTION_SERVICE_UNAVAILABLE";
    }
}
