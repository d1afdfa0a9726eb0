package com.platform.datamigration.connection.connections.web;

import com.platform.datamigration.connection.check.ConnectionTester;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceException;
import com.platform.datamigration.support.source.SourceProblems;
import com.platform.datamigration.connection.connections.ConnectionSpec;
import com.platform.datamigration.connection.check.TestRateLimiter;
import com.platform.datamigration.connection.check.TestResult;
import com.platform.datamigration.connection.connections.Connections;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The connections stage: {@code /api/data-migration/connections}. The organization comes from the token only. */
@RestController
@RequestMapping("/api/data-migration/connections")
class ConnectionController {

    private final Connections connections;
    private final ConnectionTester tester;
    private final TestRateLimiter rateLimiter;
    private final JsonMapper json;
    private final SourceConnector connector;

    ConnectionController(Connections connections, ConnectionTester tester, TestRateLimiter rateLimiter, JsonMapper json,
            SourceConnector connector) {
        this.connections = connections;
        this.connector = connector;
        this.tester = tester;
        this.rateLimiter = rateLimiter;
        this.json = json;
    }

    /** One page of connections. */
    record PageView(List<ConnectionView> items, int page, int size, long totalElements, long totalPages) {
    }

    @GetMapping
    Mono<PageView> list(OrganizationId org, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, @RequestParam(required = false) String name,
            @RequestParam(required = false) String type) {
        if (page < 0 || page > 100_000) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("page", "must be 0 or more"))));
        }
        if (size < 1 || size > 100) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("size", "must be between 1 and 100"))));
        }
        if (name != null && name.length() > 100) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("name", "must be at most 100 characters"))));
        }
        DatabaseType typeFilter = null;
        if (type != null) {
            try {
                typeFilter = DatabaseType.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Mono.error(Problems.badRequest(List.of(new FieldError("type", "must be POSTGRESQL, MYSQL or MARIADB"))));
            }
        }
        return connections.page(org, name == null || name.isBlank() ? null : name, typeFilter, page, size)
                .map(p -> new PageView(p.items().stream().map(c -> ConnectionView.of(c, json)).toList(), p.page(), p.size(),
                        p.totalElements(), (p.totalElements() + size - 1) / size));
    }

    @GetMapping("/{id}")
    Mono<ConnectionView> get(OrganizationId org, @PathVariable UUID id) {
        return connections.get(org, new ConnectionId(id)).map(c -> ConnectionView.of(c, json));
    }

    @PostMapping
    Mono<ResponseEntity<ConnectionView>> create(OrganizationId org, @Valid @RequestBody ConnectionRequest request) {
        if (request.password() == null) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("password", "must not be blank"))));
        }
        return allowed(ConnectionRequests.toSpec(request))
                .flatMap(spec -> connections.create(org, request.name().trim(), spec, request.password()))
                .map(c -> ResponseEntity.created(URI.create("/api/data-migration/connections/" + c.id()))
                        .body(ConnectionView.of(c, json)));
    }

    @PutMapping("/{id}")
    Mono<ConnectionView> update(OrganizationId org, @PathVariable UUID id, @Valid @RequestBody ConnectionRequest request) {
        return allowed(ConnectionRequests.toSpec(request))
                .flatMap(spec -> connections.update(org, new ConnectionId(id), request.name().trim(), spec, request.password()))
                .map(c -> ConnectionView.of(c, json));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(OrganizationId org, @PathVariable UUID id) {
        return connections.delete(org, new ConnectionId(id));
    }

    /** Tests a saved connection with its stored password, and records the result on it. */
    @PostMapping("/{id}/test")
    Mono<TestResult> testSaved(OrganizationId org, @PathVariable UUID id) {
        return connections.get(org, new ConnectionId(id)).flatMap(c -> limited(org)
                .then(Mono.defer(() -> tester.test(c.spec(), connections.password(c))))
                .flatMap(result -> connections.recordTest(org, c.id(), json.writeValueAsString(result), result.testedAt())
                        .thenReturn(result)));
    }

    /** Tests a connection before it is saved. */
    @PostMapping("/test")
    Mono<TestResult> testUnsaved(OrganizationId org, @Valid @RequestBody ConnectionRequest request) {
        if (request.password() == null) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("password", "must not be blank"))));
        }
        return Mono.fromCallable(() -> ConnectionRequests.toSpec(request))
                .flatMap(spec -> limited(org).then(tester.test(spec, request.password())));
    }

    /**
     * A connection is saved only when it passes the deny rules (never one of the platform's own databases) and the
     * host policy; both answer 422 naming the field.
     */
    private Mono<ConnectionSpec> allowed(ConnectionSpec spec) {
        return Mono.fromCallable(() -> {
            try {
                connector.admit(spec.host(), spec.port(), spec.database());
            } catch (SourceException e) {
                if (e.refused()) {
                    throw SourceProblems.of(e);
                }
                // Not resolvable from here (yet): saved anyway; a test will say UNREACHABLE.
            }
            return spec;
        }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    private Mono<Void> limited(OrganizationId org) {
        return rateLimiter.acquire(org);
    }
}
