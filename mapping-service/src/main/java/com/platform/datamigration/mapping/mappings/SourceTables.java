package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.security.InternalProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/** Source tables as the explorer's latest snapshot has them, over its internal endpoint. */
@Component
public class SourceTables {

    private final WebClient http;
    private final URI explorer;
    private final InternalProperties internal;

    SourceTables(@Value("${dm.mapping.explorer-service-url}") URI explorer, InternalProperties internal) {
        this.http = WebClient.create();
        this.explorer = explorer;
        this.internal = internal;
    }

    private record Answer(UUID snapshotId, TableInfo table) {
    }

    /** The table, or empty when the connection has no snapshot or the snapshot no such table. */
    public Mono<Optional<TableInfo>> find(OrganizationId org, UUID connection, String schema, String table) {
        return http.get().uri(u -> u.scheme(explorer.getScheme()).host(explorer.getHost()).port(explorer.getPort())
                        .path("/internal/connections/{id}/table").queryParam("schema", "{s}").queryParam("name", "{t}")
                        .build(connection, schema, table))
                .header(InternalProperties.HEADER, internal.credential())
                .header(InternalProperties.ORGANIZATION_HEADER, org.value())
                .retrieve()
                .bodyToMono(Answer.class)
                .timeout(Duration.ofSeconds(10))
                .map(a -> Optional.of(a.table()))
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(Optional.empty()))
                .onErrorMap(e -> !(e instanceof org.springframework.web.ErrorResponseException),
                        e -> Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "The explorer-service is unavailable; try again shortly.",
                                "SERVICE_UNAVAILABLE", List.of()));
    }
}
