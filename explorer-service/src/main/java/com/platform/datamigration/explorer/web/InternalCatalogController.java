package com.platform.datamigration.explorer.web;

import com.platform.datamigration.support.security.InternalProperties;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.explorer.catalog.SnapshotRepository;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /internal/connections/{id}/table?schema=&name=}: a source table as the latest snapshot has it, for
 * mapping-service's validation. Service credential only; never routed by the gateway.
 */
@RestController
class InternalCatalogController {

    private final SnapshotRepository snapshots;

    InternalCatalogController(SnapshotRepository snapshots) {
        this.snapshots = snapshots;
    }

    /** The table and the snapshot it comes from. */
    record SourceTable(UUID snapshotId, TableInfo table) {
    }

    @GetMapping("/internal/connections/{id}/table")
    Mono<SourceTable> table(@PathVariable UUID id, @RequestHeader(InternalProperties.ORGANIZATION_HEADER) String organization,
            @RequestParam String schema, @RequestParam String name) {
        if (!OrganizationId.isValid(organization)) {
            return Mono.error(Problems.badRequest(List.of(new FieldError(InternalProperties.ORGANIZATION_HEADER,
                    "must be a valid organization id: 1 to 128 ASCII letters, digits, '-', '_', '.' or ':'"))));
        }
        OrganizationId org = OrganizationId.of(organization);
        return snapshots.latest(org, new ConnectionId(id))
                .switchIfEmpty(Mono.error(() -> Problems.of(HttpStatus.NOT_FOUND, "No snapshot of this connection yet.", "NO_SNAPSHOT",
                        List.of())))
                .flatMap(s -> snapshots.table(s.id(), schema, name).map(t -> new SourceTable(s.id(), t)))
                .switchIfEmpty(Mono.error(() -> Problems.of(HttpStatus.NOT_FOUND, "No such table in the latest snapshot.",
                        "TABLE_NOT_IN_CATALOG", List.of())));
    }
}
