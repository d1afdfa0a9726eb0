package com.platform.datamigration.explorer.web;

import com.platform.datamigration.support.source.ConnectionPolicyProperties;
import com.platform.datamigration.support.web.OrganizationRateLimiter;
import java.time.Clock;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.explorer.catalog.Drift;
import com.platform.datamigration.explorer.catalog.SnapshotRepository;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.explorer.data.TableData;
import com.platform.datamigration.explorer.discovery.Discoveries;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.source.SourceException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The explore stage: {@code /api/data-migration/explore}. Catalog answers come from stored snapshots; sample and
 * profile read the source through the catalog's own names, quoted, never through names a caller typed.
 */
@RestController
@RequestMapping("/api/data-migration/explore")
class ExplorerController {

    private final Discoveries discoveries;
    private final SnapshotRepository snapshots;
    private final ConnectionCredentials credentials;
    private final TableData data;

    /** Discoveries asked for per organization and minute, as many as connection tests (dm.connections.tests-per-minute). */
    private final OrganizationRateLimiter discoveryBudget;

    ExplorerController(Discoveries discoveries, SnapshotRepository snapshots, ConnectionCredentials credentials, TableData data,
            ConnectionPolicyProperties policy) {
        this.discoveryBudget = new OrganizationRateLimiter("discoveries", policy.testsPerMinute(), Clock.systemUTC());
        this.discoveries = discoveries;
        this.snapshots = snapshots;
        this.credentials = credentials;
        this.data = data;
    }

    @PostMapping("/connections/{id}/discover")
    Mono<ResponseEntity<Discoveries.Discovery>> discover(OrganizationId org, @PathVariable UUID id) {
        return discoveryBudget.acquire(org).then(Mono.defer(() -> discoveries.start(org, new ConnectionId(id)))).map(d -> ResponseEntity.accepted()
                .location(URI.create("/api/data-migration/explore/discoveries/" + d.id())).body(d));
    }

    @GetMapping("/discoveries/{id}")
    Mono<Discoveries.Discovery> discovery(OrganizationId org, @PathVariable UUID id) {
        return discoveries.find(org, id);
    }

    @GetMapping("/connections/{id}/snapshots")
    Flux<SnapshotRepository.Snapshot> snapshots(OrganizationId org, @PathVariable UUID id) {
        ConnectionId connection = new ConnectionId(id);
        // No snapshot yet is an empty list only for a connection of the caller's organization; any other id is 404, so
        // that the answer tells nothing about other organizations' connections.
        return snapshots.list(org, connection).collectList().flatMapMany(found -> found.isEmpty()
                ? credentials.of(org, connection).thenMany(Flux.<SnapshotRepository.Snapshot>empty())
                : Flux.fromIterable(found));
    }

    // The same three reads addressed by query parameters, for names a URL path cannot carry (';', '/', '%').

    @GetMapping("/connections/{id}/table")
    Mono<TableInfo> tableByName(OrganizationId org, @PathVariable UUID id, @RequestParam String schema, @RequestParam String name) {
        return snapshot(org, new ConnectionId(id), null).flatMap(s -> exact(s.id(), schema, name));
    }

    @GetMapping("/connections/{id}/table/sample")
    Mono<TableData.Sample> sampleByName(OrganizationId org, @PathVariable UUID id, @RequestParam String schema,
            @RequestParam String name, @RequestParam(defaultValue = "20") int limit) {
        return sample(org, id, snapshot(org, new ConnectionId(id), null).flatMap(s -> exact(s.id(), schema, name)), limit);
    }

    @GetMapping("/connections/{id}/table/profile")
    Mono<TableData.Profile> profileByName(OrganizationId org, @PathVariable UUID id, @RequestParam String schema,
            @RequestParam String name) {
        return profile(org, id, snapshot(org, new ConnectionId(id), null).flatMap(s -> exact(s.id(), schema, name)));
    }

    /** A page of tables. */
    record TablePage(UUID snapshotId, List<SnapshotRepository.TableSummary> items, int page, int size, long totalElements) {
    }

    @GetMapping("/connections/{id}/tables")
    Mono<TablePage> tables(OrganizationId org, @PathVariable UUID id, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) UUID snapshot) {
        if (page < 0 || size < 1 || size > 500) {
            return Mono.error(Problems.badRequest(List.of(new FieldError(page < 0 ? "page" : "size",
                    page < 0 ? "must be 0 or more" : "must be between 1 and 500"))));
        }
        if (q != null && q.length() > 200) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("q", "must be at most 200 characters"))));
        }
        return snapshot(org, new ConnectionId(id), snapshot).flatMap(s -> snapshots.tables(s.id(), q, page, size).collectList()
                .zipWith(snapshots.countTables(s.id(), q))
                .map(t -> new TablePage(s.id(), t.getT1(), page, size, t.getT2())));
    }

    @GetMapping("/connections/{id}/tables/{table}")
    Mono<TableInfo> table(OrganizationId org, @PathVariable UUID id, @PathVariable String table) {
        return snapshot(org, new ConnectionId(id), null).flatMap(s -> resolve(s.id(), table));
    }

    @GetMapping("/connections/{id}/tables/{table}/sample")
    Mono<TableData.Sample> sample(OrganizationId org, @PathVariable UUID id, @PathVariable String table,
            @RequestParam(defaultValue = "20") int limit) {
        return sample(org, id, snapshot(org, new ConnectionId(id), null).flatMap(s -> resolve(s.id(), table)), limit);
    }

    @GetMapping("/connections/{id}/tables/{table}/profile")
    Mono<TableData.Profile> profile(OrganizationId org, @PathVariable UUID id, @PathVariable String table) {
        return profile(org, id, snapshot(org, new ConnectionId(id), null).flatMap(s -> resolve(s.id(), table)));
    }

    private Mono<TableData.Sample> sample(OrganizationId org, UUID id, Mono<TableInfo> table, int limit) {
        if (limit < 1 || limit > 100) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("limit", "must be between 1 and 100"))));
        }
        return table.zipWith(credentials.of(org, new ConnectionId(id)))
                .flatMap(t -> Mono.fromCallable(() -> data.sample(t.getT2(), t.getT1(), limit)).subscribeOn(Schedulers.boundedElastic()))
                .onErrorMap(SourceException.class, ExplorerController::sourceProblem)
                .onErrorMap(java.sql.SQLException.class, ExplorerController::queryProblem);
    }

    private Mono<TableData.Profile> profile(OrganizationId org, UUID id, Mono<TableInfo> table) {
        return table.zipWith(credentials.of(org, new ConnectionId(id)))
                .flatMap(t -> Mono.fromCallable(() -> data.profile(t.getT2(), t.getT1())).subscribeOn(Schedulers.boundedElastic()))
                .onErrorMap(SourceException.class, ExplorerController::sourceProblem)
                .onErrorMap(java.sql.SQLException.class, ExplorerController::queryProblem);
    }

    /** What the source said, as a code; never its message. */
    private static Throwable queryProblem(Throwable e) {
        java.sql.SQLException sql = (java.sql.SQLException) e;
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if ("42501".equals(state) || sql.getErrorCode() == 1142) {
            return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "The connection's user may not read this table.",
                    "TABLE_NOT_READABLE", List.of());
        }
        if ("42P01".equals(state) || "42S02".equals(state) || sql.getErrorCode() == 1146) {
            return Problems.of(HttpStatus.NOT_FOUND, "The table no longer exists in the source: discover again.", "TABLE_GONE",
                    List.of());
        }
        if ("57014".equals(state) || sql.getErrorCode() == 1969 || sql.getErrorCode() == 3024) {
            return Problems.of(HttpStatus.GATEWAY_TIMEOUT, "The source did not answer within the time limit.", "QUERY_TIMEOUT",
                    List.of());
        }
        return Problems.of(HttpStatus.BAD_GATEWAY, "The source refused the query.", "SOURCE_QUERY_FAILED", List.of());
    }

    private Mono<TableInfo> exact(UUID snapshotId, String schema, String name) {
        return snapshots.table(snapshotId, schema, name).switchIfEmpty(Mono.error(() -> Problems.of(HttpStatus.NOT_FOUND,
                "No table '" + schema + "." + name + "' in the catalog.", "TABLE_NOT_IN_CATALOG",
                List.of(new FieldError("name", "is not in the catalog")))));
    }

    /** The drift between two snapshots; by default the latest against the one before it. */
    record DriftView(UUID from, UUID to, Drift drift) {
    }

    @GetMapping("/connections/{id}/drift")
    Mono<DriftView> drift(OrganizationId org, @PathVariable UUID id, @RequestParam(required = false) UUID from,
            @RequestParam(required = false) UUID to) {
        ConnectionId connection = new ConnectionId(id);
        return snapshot(org, connection, to).flatMap(target -> (from != null ? snapshot(org, connection, from)
                        : snapshots.previous(org, connection, target.id()).switchIfEmpty(Mono.error(() -> Problems.of(
                        HttpStatus.NOT_FOUND, "There is no earlier snapshot to compare with.", "NO_EARLIER_SNAPSHOT", List.of()))))
                .flatMap(source -> Mono.zip(snapshots.allTables(source.id()).collectList(),
                                snapshots.allTables(target.id()).collectList())
                        .map(t -> new DriftView(source.id(), target.id(), Drift.between(t.getT1(), t.getT2())))));
    }

    private Mono<SnapshotRepository.Snapshot> snapshot(OrganizationId org, ConnectionId connection, UUID snapshotId) {
        Mono<SnapshotRepository.Snapshot> found = snapshotId == null ? snapshots.latest(org, connection)
                : snapshots.find(org, connection, snapshotId);
        return found.switchIfEmpty(Mono.error(() -> snapshotId != null ? Problems.notFound("snapshot", snapshotId)
                : Problems.of(HttpStatus.NOT_FOUND, "No catalog snapshot of connection " + connection
                + " yet: discover it first.", "NO_SNAPSHOT", List.of())));
    }

    /** {@code schema.table}, where either part may itself contain dots: every split is tried against the catalog. */
    private Mono<TableInfo> resolve(UUID snapshotId, String qualified) {
        List<int[]> splits = new ArrayList<>();
        for (int i = qualified.indexOf('.'); i > 0; i = qualified.indexOf('.', i + 1)) {
            splits.add(new int[] {i});
        }
        return Flux.fromIterable(splits)
                .concatMap(s -> snapshots.table(snapshotId, qualified.substring(0, s[0]), qualified.substring(s[0] + 1)))
                .next()
                .switchIfEmpty(Mono.error(() -> Problems.of(HttpStatus.NOT_FOUND, "No table '" + qualified
                        + "' in the catalog: use schema.table as listed.", "TABLE_NOT_IN_CATALOG", List.of(new FieldError("table",
                        "is not in the catalog")))));
    }

    private static Throwable sourceProblem(Throwable e) {
        return com.platform.datamigration.support.source.SourceProblems.of((SourceException) e);
    }
}
