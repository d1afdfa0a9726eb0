package com.platform.datamigration.mapping.mappings.web;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.mappings.Issue;
import com.platform.datamigration.mapping.mappings.MappingSpec;
import com.platform.datamigration.mapping.mappings.Mappings;
import com.platform.datamigration.mapping.mappings.Preview;
import com.platform.datamigration.mapping.mappings.Suggester;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The mappings stage: {@code /api/data-migration/mappings}. */
@RestController
@RequestMapping("/api/data-migration/mappings")
class MappingController {

    private final Mappings mappings;
    private final Preview preview;
    private final Suggester suggester;

    MappingController(Mappings mappings, Preview preview, Suggester suggester) {
        this.mappings = mappings;
        this.preview = preview;
        this.suggester = suggester;
    }

    /** A validation without saving; {@code pushdown} is absent when the mapping has errors or its source's engine is unknown. */
    record Validation(boolean valid, List<Issue> errors, List<Issue> warnings,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      com.platform.datamigration.runtime.pushdown.Pushdown pushdown) {
    }

    /** The tables to suggest field mappings for. */
    record SuggestRequest(@jakarta.validation.constraints.NotNull @Valid MappingSpec.Source source,
                          @jakarta.validation.constraints.NotNull @Valid MappingSpec.Target target) {
    }

    @PostMapping("/suggest")
    Mono<List<com.platform.datamigration.mapping.mappings.Suggestions.Suggestion>> suggest(OrganizationId org,
            @Valid @RequestBody SuggestRequest request) {
        return suggester.suggest(org, request.source(), request.target());
    }

    @PostMapping("/validate")
    Mono<Validation> validate(OrganizationId org, @Valid @RequestBody MappingSpec spec) {
        return mappings.validate(org, spec).map(r -> new Validation(r.valid(), r.errors(), r.warnings(), r.pushdown()));
    }

    @PostMapping
    Mono<ResponseEntity<Mappings.View>> create(OrganizationId org, Principal who, @Valid @RequestBody MappingSpec spec) {
        return mappings.create(org, spec, who.getName())
                .map(v -> ResponseEntity.created(URI.create("/api/data-migration/mappings/" + v.id())).body(v));
    }

    @PutMapping("/{id}")
    Mono<Mappings.View> update(OrganizationId org, Principal who, @PathVariable UUID id, @Valid @RequestBody MappingSpec spec) {
        return mappings.update(org, id, spec, who.getName());
    }

    /**
     * Archives the mapping: 204, then it is gone from every read and no new run may pin it; runs that pinned a version
     * keep it. 404 when it is unknown, another organization's or already archived; 409 {@code MAPPING_IN_USE} while
     * another mapping looks it up.
     */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(OrganizationId org, Principal who, @PathVariable UUID id) {
        return mappings.archive(org, id, who.getName());
    }

    @GetMapping
    Flux<Mappings.View> list(OrganizationId org) {
        return mappings.list(org);
    }

    @GetMapping("/{id}")
    Mono<Mappings.View> get(OrganizationId org, @PathVariable UUID id) {
        return mappings.get(org, id);
    }

    @GetMapping("/{id}/versions")
    Flux<Mappings.Version> versions(OrganizationId org, @PathVariable UUID id) {
        return mappings.versions(org, id);
    }

    /** A dry run on real source rows; the target is left unchanged. */
    @PostMapping("/{id}/preview")
    Mono<Preview.Result> preview(OrganizationId org, @PathVariable UUID id,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 200) {
            return Mono.error(com.platform.datamigration.support.problem.Problems.badRequest(List.of(
                    new com.platform.datamigration.support.problem.FieldError("limit", "must be between 1 and 200"))));
        }
        return preview.preview(org, id, limit);
    }

    /** The mappings to preview together. */
    record GroupPreviewRequest(
            @jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Size(min = 1, max = Preview.MAX_GROUP)
            List<@jakarta.validation.constraints.NotNull UUID> mappingIds) {
    }

    /**
     * A dry run of several mappings in one transaction, parents before the mappings that look them up, so that their
     * lookups find the parents' previewed rows; the target is left unchanged.
     */
    @PostMapping("/preview")
    Mono<Preview.GroupResult> previewTogether(OrganizationId org, @Valid @RequestBody GroupPreviewRequest request,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 200) {
            return Mono.error(com.platform.datamigration.support.problem.Problems.badRequest(List.of(
                    new com.platform.datamigration.support.problem.FieldError("limit", "must be between 1 and 200"))));
        }
        List<UUID> ids = request.mappingIds();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.indexOf(ids.get(i)) != i) {
                return Mono.error(com.platform.datamigration.support.problem.Problems.badRequest(List.of(
                        new com.platform.datamigration.support.problem.FieldError("mappingIds[" + i + "]",
                                "names a mapping already in the list"))));
            }
        }
        return preview.preview(org, ids, limit);
    }

    @GetMapping("/{id}/versions/{version}")
    Mono<MappingSpec> version(OrganizationId org, @PathVariable UUID id, @PathVariable int version) {
        return mappings.version(org, id, version);
    }
}
