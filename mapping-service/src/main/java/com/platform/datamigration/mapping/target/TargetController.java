package com.platform.datamigration.mapping.target;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/data-migration/targets}: the platform tables a mapping may write, with their fields, which of
 * them a mapping must fill ({@code required}: not null, no default, not generated), keys and foreign keys.
 */
@RestController
class TargetController {

    private final TargetCatalog catalog;

    TargetController(TargetCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/data-migration/targets")
    Mono<List<TargetCatalog.TargetTable>> targets(OrganizationId org) {
        return catalog.tables();
    }

    @GetMapping("/api/data-migration/targets/{table}")
    Mono<TargetCatalog.TargetTable> target(OrganizationId org, @PathVariable String table) {
        int dot = table.indexOf('.');
        if (dot <= 0) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("table", "must be schema.table"))));
        }
        return catalog.table(table.substring(0, dot), table.substring(dot + 1)).flatMap(found -> found.map(Mono::just)
                .orElseGet(() -> Mono.error(Problems.of(HttpStatus.NOT_FOUND, "No target table " + table + ".", "TARGET_NOT_FOUND",
                        List.of(new FieldError("table", "is not a target"))))));
    }
}
