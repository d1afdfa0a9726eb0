package com.platform.datamigration.mapping.mappings.web;

import com.platform.datamigration.support.security.InternalProperties;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.mappings.MappingSpec;
import com.platform.datamigration.mapping.mappings.Mappings;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /internal/mappings/{id}}: a mapping's current version, its review status and what its lookups may
 * name, for run-service to pin when a run is requested (an archived mapping is 404: no new run pins it).
 * {@code GET /internal/mappings/{id}/versions/{version}}: a version as a run pinned it, archived or not. Service
 * credential only; never routed by the gateway.
 */
@RestController
class InternalMappingController {

    private final Mappings mappings;

    InternalMappingController(Mappings mappings) {
        this.mappings = mappings;
    }

    /** The mapping as a run pins it. */
    record PinnableMapping(Mappings.View mapping, Map<String, Lookups.Target> lookupTargets) {
    }

    @GetMapping("/internal/mappings/{id}")
    Mono<PinnableMapping> mapping(@PathVariable UUID id, @RequestHeader(InternalProperties.ORGANIZATION_HEADER) String organization) {
        return organization(organization).flatMap(org -> mappings.get(org, id).zipWith(mappings.lookupTargets(org), PinnableMapping::new));
    }

    @GetMapping("/internal/mappings/{id}/versions/{version}")
    Mono<MappingSpec> pinnedVersion(@PathVariable UUID id, @PathVariable int version,
            @RequestHeader(InternalProperties.ORGANIZATION_HEADER) String organization) {
        return organization(organization).flatMap(org -> mappings.pinnedVersion(org, id, version));
    }

    private static Mono<OrganizationId> organization(String header) {
        if (!OrganizationId.isValid(header)) {
            return Mono.error(Problems.badRequest(List.of(new FieldError(InternalProperties.ORGANIZATION_HEADER,
                    "must be a valid organization id: 1 to 128 ASCII letters, digits, '-', '_', '.' or ':'"))));
        }
        return Mono.just(OrganizationId.of(header));
    }
}
