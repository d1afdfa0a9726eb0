package com.platform.datamigration.connection.credentials.web;

import com.platform.datamigration.support.security.InternalProperties;
import com.platform.datamigration.connection.connections.ConnectionOptions;
import com.platform.datamigration.connection.connections.Connections;
import com.platform.datamigration.support.source.SslMode;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /internal/connections/{id}/credentials}: what explorer-service and run workers need to open a
 * connection, password included. Only a service credential gets here (see service-support's internal security);
 * the gateway never routes {@code /internal/**}. Callers keep the answer in memory only.
 */
@RestController
class InternalCredentialsController {

    private final Connections connections;

    InternalCredentialsController(Connections connections) {
        this.connections = connections;
    }

    /** Everything needed to connect. */
    record Credentials(String id, DatabaseType type, String host, int port, String database, String username,
                       String password, SslMode sslMode, ConnectionOptions options) {

        @Override
        public String toString() {
            return "Credentials[id=" + id + ", host=" + host + ", port=" + port + ", password=***]";
        }
    }

    @GetMapping("/internal/connections/{id}/credentials")
    Mono<ResponseEntity<Credentials>> credentials(@PathVariable UUID id, @RequestHeader(InternalProperties.ORGANIZATION_HEADER) String organization) {
        if (!OrganizationId.isValid(organization)) {
            return Mono.error(Problems.badRequest(List.of(new FieldError(InternalProperties.ORGANIZATION_HEADER,
                    "must be a valid organization id: 1 to 128 ASCII letters, digits, '-', '_', '.' or ':'"))));
        }
        OrganizationId org = OrganizationId.of(organization);
        return connections.get(org, new ConnectionId(id)).map(c -> ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new Credentials(c.id().toString(), c.spec().type(), c.spec().host(), c.spec().port(), c.spec().database(),
                        c.spec().username(), connections.password(c), c.spec().sslMode(), c.spec().options())));
    }
}
