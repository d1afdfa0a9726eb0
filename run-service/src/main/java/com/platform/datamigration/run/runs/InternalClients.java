package com.platform.datamigration.run.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.security.InternalProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/** mapping-service's and explorer-service's internal endpoints, with this service's credential. */
@Component
class InternalClients {

    private final WebClient http = WebClient.create();
    private final RunProperties props;
    private final InternalProperties internal;

    InternalClients(RunProperties props, InternalProperties internal) {
        this.props = props;
        this.internal = internal;
    }

    /** A mapping's current version as mapping-service has it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MappingView(UUID id, String name, int currentVersion, String status, List<String> reviewReasons, Pinned.Spec spec) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PinnableMapping(MappingView mapping, Map<String, Lookups.Target> lookupTargets) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SourceTable(UUID snapshotId, TableInfo table) {
    }

    public Mono<Optional<PinnableMapping>> mapping(OrganizationId org, UUID id) {
        URI base = props.mappingServiceUrl();
        return http.get().uri(u -> u.scheme(base.getScheme()).host(base.getHost()).port(base.getPort())
                        .path("/internal/mappings/{id}").build(id))
                .header(InternalProperties.HEADER, internal.credential())
                .header(InternalProperties.ORGANIZATION_HEADER, org.value())
                .retrieve().bodyToMono(PinnableMapping.class)
                .timeout(Duration.ofSeconds(10))
                .map(Optional::of)
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(Optional.empty()))
                .onErrorMap(e -> !(e instanceof RunRefusal), e -> RunRefusal.unavailable("mapping-service"));
    }

    public Mono<Optional<TableInfo>> sourceTable(OrganizationId org, UUID connection, String schema, String table) {
        URI base = props.explorerServiceUrl();
        return http.get().uri(u -> u.scheme(base.getScheme()).host(base.getHost()).port(base.getPort())
                        .path("/internal/connections/{id}/table").queryParam("schema", "{s}").queryParam("name", "{t}")
                        .build(connection, schema, table))
                .header(InternalProperties.HEADER, internal.credential())
                .header(InternalProperties.ORGANIZATION_HEADER, org.value())
                .retrieve().bodyToMono(SourceTable.class)
                .timeout(Duration.ofSeconds(10))
                .map(a -> Optional.of(a.table()))
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(Optional.empty()))
                .onErrorMap(e -> !(e instanceof RunRefusal), e -> RunRefusal.unavailable("explorer-service"));
    }
}
