package com.platform.datamigration.run.api;

import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.runtime.target.TargetTables;
import com.platform.datamigration.support.source.ConnectionPolicyProperties;
import com.platform.datamigration.support.source.UniformFailureTime;
import com.platform.datamigration.support.web.OrganizationRateLimiter;
import java.time.Clock;
import java.time.Duration;
import org.springframework.web.ErrorResponseException;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.MappingId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.RunId;
import com.platform.datamigration.contracts.RunRequested;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.run.engine.ChunkKind;
import com.platform.datamigration.run.engine.Ledger;
import com.platform.datamigration.run.engine.Pinned;
import com.platform.datamigration.run.engine.ProgressTicker;
import com.platform.datamigration.run.engine.RunOptions;
import com.platform.datamigration.run.engine.RunStore;
import com.platform.datamigration.run.engine.TargetDatabase;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.outbox.Outbox;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceException;
import com.platform.datamigration.support.target.TargetTenancy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs as the API sees them. A request is checked before anything is recorded: every mapping exists and is not
 * flagged for review, its source connection opens, its tables are still in the catalogs and its expressions compile.
 * Then the run, its pinned mappings (ordered so that lookups' and foreign keys' targets load first) and its
 * {@code run.requested} event commit together.
 */
@Service
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('api')")
public class Runs {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final InternalClients clients;
    private final ConnectionCredentials credentials;
    private final SourceConnector connector;
    private final TargetDatabase targetDb;
    private final ProgressTicker ticker;
    private final RunStore store;
    private final RunProperties props;
    private final TargetTenancy tenancy;
    private final JsonMapper json;
    private final OrganizationRateLimiter checks;

    Runs(DatabaseClient db, ReactiveTransactionManager transactions, Outbox outbox, InternalClients clients,
            ConnectionCredentials credentials, SourceConnector connector, TargetDatabase targetDb, ProgressTicker ticker, RunStore store,
            RunProperties props, TargetTenancy tenancy, JsonMapper json, ConnectionPolicyProperties policy) {
        this.db = db;
        this.tenancy = tenancy;
        this.tx = TransactionalOperator.create(transactions);
        this.outbox = outbox;
        this.clients = clients;
        this.credentials = credentials;
        this.connector = connector;
        this.targetDb = targetDb;
        this.ticker = ticker;
        this.store = store;
        this.props = props;
        this.json = json;
        this.checks = new OrganizationRateLimiter("source checks", policy.testsPerMinute(), Clock.systemUTC());
    }

    /** A run in the history. */
    public record RunSummary(UUID id, RunStatus status, String requestedBy, Instant requestedAt, Instant startedAt, Instant finishedAt,
                             RunOptions options, String errorCode, String errorMessage, ProgressTicker.RunView progress) {
    }

    public Mono<RunSummary> create(OrganizationId org, String requestedBy, RunRequest request) {
        RunOptions options = request.resolvedOptions(props.chunkSize());
        List<UUID> ids = request.mappingIds();
        if (new HashSet<>(ids).size() != ids.size()) {
            return Mono.error(Problems.badRequest(List.of(new FieldError("mappingIds", "must not name a mapping twice"))));
        }
        return Flux.range(0, ids.size())
                .concatMap(i -> pin(org, ids.get(i), "mappingIds[" + i + "]"))
                .collectList()
                .flatMap(pinned -> {
                    List<Integer> stages = stages(pinned);
                    UUID id = UUID.randomUUID();
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    RunRequested event = new RunRequested(new RunId(id), org,
                            pinned.stream().map(p -> new RunRequested.PinnedMapping(new MappingId(p.mappingId()), p.version())).toList(),
                            new RunRequested.Options(options.dryRun(), options.maxRejectedFraction(), options.chunkSize(),
                                    options.parallelism()), requestedBy, now);
                    Mono<Void> mappings = Flux.range(0, pinned.size()).concatMap(i -> db.sql("""
                                    INSERT INTO run_mapping (run_id, ordinal, stage, mapping_id, version, pinned)
                                    VALUES (:run, :ordinal, :stage, :mapping, :version, CAST(:pinned AS jsonb))
                                    """)
                            .bind("run", id).bind("ordinal", i).bind("stage", stages.get(i)).bind("mapping", pinned.get(i).mappingId())
                            .bind("version", pinned.get(i).version()).bind("pinned", json.writeValueAsString(pinned.get(i))).then()).then();
                    return db.sql("""
                                    INSERT INTO run (id, organization_id, status, requested_by, requested_at, options)
                                    VALUES (:id, :org, 'QUEUED', :by, :at, CAST(:options AS jsonb))
                                    """)
                            .bind("id", id).bind("org", org.value()).bind("by", requestedBy).bind("at", now)
                            .bind("options", json.writeValueAsString(options))
                            .then().then(mappings).then(outbox.append(event)).as(tx::transactional)
                            .then(get(org, id));
                });
    }

    /** Checks one mapping and freezes what a worker needs of it. */
    private Mono<Pinned> pin(OrganizationId org, UUID mappingId, String field) {
        return clients.mapping(org, mappingId).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(Problems.unprocessable("MAPPING_NOT_FOUND", field, "No mapping " + mappingId + " in this organization."));
            }
            InternalClients.MappingView m = found.get().mapping();
            if ("NEEDS_REVIEW".equals(m.status())) {
                return Mono.error(Problems.of(HttpStatus.CONFLICT, "The mapping '" + m.name() + "' needs review before it can run: "
                        + String.join(" ", m.reviewReasons()), "MAPPING_NEEDS_REVIEW", List.of(new FieldError(field, "needs review"))));
            }
            Pinned.Spec spec = m.spec();
            return Mono.zip(credentials.of(org, new ConnectionId(spec.source().connectionId())),
                            clients.sourceTable(org, spec.source().connectionId(), spec.source().schema(), spec.source().table()))
                    .flatMap(t -> checks.acquire(org).then(Mono.fromCallable(() -> {
                        long started = System.nanoTime();
                        try (Connection ignored = connector.open(t.getT1()).connection()) {
                            // the connection opens: the source is reachable with these credentials
                        } catch (SourceException e) {
                            if (e.refused()) {
                                throw new FailedCheck(Problems.unprocessable(e.code().name(), field, e.code().message()), Duration.ZERO);
                            }
                            throw new FailedCheck(Problems.of(HttpStatus.CONFLICT, "The source connection of mapping '" + m.name()
                                    + "' fails: " + e.code().message(), "CONNECTION_FAILING", List.of(new FieldError(field, e.code().name()))),
                                    UniformFailureTime.applies(e.code())
                                            ? UniformFailureTime.remaining(started, UniformFailureTime.floor(t.getT1())) : Duration.ZERO);
                        }
                        if (t.getT2().isEmpty()) {
                            throw Problems.of(HttpStatus.CONFLICT, "The source table of mapping '" + m.name()
                                    + "' is not in the connection's catalog; explore it again and review the mapping.", "MAPPING_OUT_OF_DATE",
                                    List.of(new FieldError(field, "source table missing")));
                        }
                        Optional<TargetTable> target;
                        try (Connection c = targetDb.open()) {
                            target = TargetTables.describe(c, spec.target().schema(), spec.target().table());
                        }
                        if (target.isEmpty()) {
                            throw Problems.of(HttpStatus.CONFLICT, "The target table of mapping '" + m.name() + "' does not exist.",
                                    "MAPPING_OUT_OF_DATE", List.of(new FieldError(field, "target table missing")));
                        }
                        if (tenancy.multiTenant() && target.get().column(tenancy.tenantColumn()) == null) {
                            throw Problems.of(HttpStatus.CONFLICT, "The target table of mapping '" + m.name() + "' has no tenant column "
                                    + tenancy.tenantColumn() + ", so it cannot hold rows of one organization apart from another's.",
                                    "TARGET_NOT_TENANT_SCOPED", List.of(new FieldError(field, "target table not tenant-scoped")));
                        }
                        Pinned pinned = new Pinned(m.id(), m.currentVersion(), spec, t.getT1().type(), t.getT2().get(), target.get(),
                                found.get().lookupTargets());
                        compile(pinned, field, tenancy);
                        return pinned;
                    }).subscribeOn(Schedulers.boundedElastic()))
                    // A source that cannot be reached is told no sooner than any such failure, so that POST /runs cannot
                    // time which ports are open.
                    .onErrorResume(FailedCheck.class, f -> Mono.delay(f.delay).then(Mono.error(f.problem))));
        });
    }

    /** A source check that failed: the answer, and how long to wait before giving it. */
    private static final class FailedCheck extends RuntimeException {
        final ErrorResponseException problem;
        final Duration delay;

        FailedCheck(ErrorResponseException problem, Duration delay) {
            super(null, null, false, false);
            this.problem = problem;
            this.delay = delay;
        }
    }

    private static void compile(Pinned p, String field, TargetTenancy tenancy) {
        for (String name : concat(p.spec().key(), p.spec().fields().stream().map(Pinned.Field::target).toList())) {
            if (tenancy.isTenantColumn(name)) {
                throw Problems.of(HttpStatus.CONFLICT, "The mapping '" + p.spec().name() + "' writes the tenant column " + name
                        + ", which only the platform sets; review it.", "TENANT_FIELD_NOT_MAPPABLE", List.of(new FieldError(field, name)));
            }
        }
        Map<String, Type> types = new HashMap<>();
        p.source().columns().forEach(c -> types.put(c.name(), Type.ofNormalized(c.normalizedType())));
        Lookups lookups = Lookups.of(p.lookupTargets() == null ? Map.of() : p.lookupTargets(), (t, k) -> Optional.empty());
        try {
            for (Pinned.Field f : p.spec().fields()) {
                if (p.target().column(f.target()) == null) {
                    throw new ExpressionException("INVALID_TARGET", "the target has no field " + f.target());
                }
                Expression.compile(f.expression(), types, lookups);
            }
            if (p.spec().filter() != null && !p.spec().filter().isBlank()) {
                Expression.compile(p.spec().filter(), types, lookups);
            }
        } catch (ExpressionException e) {
            throw Problems.of(HttpStatus.CONFLICT, "The mapping '" + p.spec().name() + "' no longer fits the catalogs: " + e.getMessage()
                    + "; review it.", "MAPPING_OUT_OF_DATE", List.of(new FieldError(field, e.code())));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Stage of each mapping: a mapping whose lookups name another mapping of the run, or whose target table references
     * another's target table, runs in a later stage than that one.
     */
    static List<Integer> stages(List<Pinned> pinned) {
        int n = pinned.size();
        List<Set<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Set<Integer> d = new HashSet<>();
            Pinned a = pinned.get(i);
            Set<String> lookedUp = new HashSet<>();
            a.spec().fields().forEach(f -> lookedUp.addAll(Expression.lookedUpMappings(f.expression())));
            for (int j = 0; j < n; j++) {
                Pinned b = pinned.get(j);
                if (i == j) {
                    continue;
                }
                boolean lookup = lookedUp.contains(b.spec().name());
                boolean fk = a.target().referencedTables().contains(new TargetTable.TableRef(b.target().schema(), b.target().name()))
                        && !(a.target().schema().equals(b.target().schema()) && a.target().name().equals(b.target().name()));
                if (lookup || fk) {
                    d.add(j);
                }
            }
            deps.add(d);
        }
        Integer[] stage = new Integer[n];
        for (int round = 0; round <= n; round++) {
            for (int i = 0; i < n; i++) {
                int s = 0;
                for (int j : deps.get(i)) {
                    s = Math.max(s, (stage[j] == null ? 0 : stage[j]) + 1);
                }
                stage[i] = Math.min(s, n);
            }
        }
        return List.of(stage);
    }

    public Mono<RunSummary> get(OrganizationId org, UUID id) {
        return db.sql("SELECT * FROM run WHERE organization_id = :org AND id = :id").bind("org", org.value()).bind("id", id)
                .map((r, m) -> summary(r))
                .one()
                .switchIfEmpty(Mono.error(() -> Problems.notFound("run", id)));
    }

    private RunSummary summary(io.r2dbc.spi.Readable r) {
        String progress = r.get("progress", String.class);
        OffsetDateTime started = r.get("started_at", OffsetDateTime.class);
        OffsetDateTime finished = r.get("finished_at", OffsetDateTime.class);
        return new RunSummary(r.get("id", UUID.class), RunStatus.valueOf(r.get("status", String.class)), r.get("requested_by", String.class),
                r.get("requested_at", OffsetDateTime.class).toInstant(), started == null ? null : started.toInstant(),
                finished == null ? null : finished.toInstant(), json.readValue(r.get("options", String.class), RunOptions.class),
                r.get("error_code", String.class), r.get("error_message", String.class),
                progress == null ? null : json.readValue(progress, ProgressTicker.RunView.class));
    }

    /** A page of the history, newest first. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    public Mono<Page<RunSummary>> list(OrganizationId org, RunStatus status, Instant from, Instant to, int page, int size) {
        String where = " WHERE organization_id = :org" + (status == null ? "" : " AND status = :status")
                + (from == null ? "" : " AND requested_at >= :from") + (to == null ? "" : " AND requested_at < :to");
        var items = db.sql("SELECT * FROM run" + where + " ORDER BY requested_at DESC, id LIMIT :limit OFFSET :offset");
        var count = db.sql("SELECT count(*) FROM run" + where);
        items = items.bind("org", org.value()).bind("limit", size).bind("offset", (long) page * size);
        count = count.bind("org", org.value());
        if (status != null) {
            items = items.bind("status", status.name());
            count = count.bind("status", status.name());
        }
        if (from != null) {
            items = items.bind("from", from);
            count = count.bind("from", from);
        }
        if (to != null) {
            items = items.bind("to", to);
            count = count.bind("to", to);
        }
        return Mono.zip(items.map((r, m) -> summary(r)).all().collectList(), count.map(r -> r.get(0, Long.class)).one())
                .map(t -> new Page<>(t.getT1(), page, size, t.getT2()));
    }

    public Mono<RunSummary> cancel(OrganizationId org, UUID id) {
        return get(org, id).flatMap(run -> {
            if (run.status().terminal()) {
                return Mono.error(Problems.conflict("RUN_FINISHED", "The run has already ended (" + run.status() + ")."));
            }
            return Mono.fromCallable(() -> ticker.transition(id, run.status(), RunStatus.CANCELLING, null, null))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(changed -> changed ? get(org, id) : cancel(org, id));
        });
    }

    /** Resumes a cancelled or failed run: only its unfinished chunks run again. */
    public Mono<RunSummary> resume(OrganizationId org, UUID id) {
        return get(org, id).flatMap(run -> {
            if (run.status() != RunStatus.CANCELLED && run.status() != RunStatus.FAILED) {
                return Mono.error(Problems.conflict("RUN_NOT_RESUMABLE", "Only a cancelled or failed run can be resumed; this one is "
                        + run.status() + "."));
            }
            if (run.progress() == null || run.progress().chunksTotal() == 0) {
                return Mono.error(Problems.conflict("RUN_NOT_RESUMABLE", "The run was never planned; start a new run."));
            }
            return Mono.fromCallable(() -> {
                try (Connection t = targetDb.open(); PreparedStatement st = t.prepareStatement("""
                        UPDATE dm_ledger.chunk SET status = 'PENDING', attempts = 0, owner = NULL, lease_until = NULL, published_at = NULL,
                               available_at = NULL
                        WHERE run_id = ? AND status IN ('FAILED', 'PENDING')
                        """)) {
                    st.setObject(1, id);
                    st.executeUpdate();
                }
                return ticker.transition(id, run.status(), RunStatus.RUNNING, null, null);
            }).subscribeOn(Schedulers.boundedElastic()).then(Mono.fromRunnable(() -> ticker.tick(id))
                    .subscribeOn(Schedulers.boundedElastic())).then(get(org, id));
        });
    }

    /** A quarantined row. */
    public record RejectView(long id, UUID mappingId, int chunkNo, Map<String, String> sourceKey, Map<String, String> raw, String field,
                             String code, String reason, Instant rejectedAt, Instant resolvedAt) {
    }

    public Mono<Page<RejectView>> rejects(OrganizationId org, UUID id, boolean includeResolved, int page, int size) {
        return get(org, id).then(Mono.fromCallable(() -> {
            List<RejectView> items = new ArrayList<>();
            long total;
            String where = " WHERE run_id = ? AND organization_id = ?" + (includeResolved ? "" : " AND resolved_at IS NULL");
            try (Connection t = targetDb.open()) {
                try (PreparedStatement st = t.prepareStatement("""
                        SELECT id, mapping_id, chunk_no, source_key::text, raw::text, field, code, reason, created_at, resolved_at
                        FROM dm_ledger.reject""" + where + " ORDER BY id LIMIT ? OFFSET ?")) {
                    st.setObject(1, id);
                    st.setString(2, org.value());
                    st.setInt(3, size);
                    st.setLong(4, (long) page * size);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            OffsetDateTime resolved = rs.getObject(10, OffsetDateTime.class);
                            items.add(new RejectView(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3),
                                    json.readValue(rs.getString(4), new TypeReference<LinkedHashMap<String, String>>() { }),
                                    json.readValue(rs.getString(5), new TypeReference<LinkedHashMap<String, String>>() { }),
                                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                                    resolved == null ? null : resolved.toInstant()));
                        }
                    }
                }
                try (PreparedStatement st = t.prepareStatement("SELECT count(*) FROM dm_ledger.reject" + where)) {
                    st.setObject(1, id);
                    st.setString(2, org.value());
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        total = rs.getLong(1);
                    }
                }
            }
            return new Page<>(items, page, size, total);
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    /**
     * Re-tries a finished run's open rejects with each mapping's current version (pinned again, checked like a new
     * run): one replay chunk per mapping with rejects, through the same workers, ledger and progress.
     */
    public Mono<RunSummary> replay(OrganizationId org, UUID id) {
        return get(org, id).flatMap(run -> {
            if (!run.status().terminal()) {
                return Mono.error(Problems.conflict("RUN_IN_PROGRESS", "Rejects can be replayed once the run has ended."));
            }
            return Mono.fromCallable(() -> openRejectsByMapping(id)).subscribeOn(Schedulers.boundedElastic()).flatMap(mappings -> {
                if (mappings.isEmpty()) {
                    return Mono.error(Problems.conflict("NO_REJECTS", "The run has no open rejects to replay."));
                }
                List<RunStore.StagedMapping> existing = store.mappings(id);
                return Flux.fromIterable(mappings).concatMap(m -> pin(org, m, "rejects")).collectList().flatMap(pinned -> {
                    int next = existing.stream().mapToInt(RunStore.StagedMapping::ordinal).max().orElse(-1) + 1;
                    int base = existing.stream().mapToInt(RunStore.StagedMapping::stage).max().orElse(0) + 1;
                    List<Integer> replayStages = stages(pinned);
                    List<Ledger.PlannedChunk> chunks = new ArrayList<>();
                    Mono<Void> inserts = Mono.empty();
                    for (int i = 0; i < pinned.size(); i++) {
                        Pinned p = pinned.get(i);
                        int ordinal = next + i;
                        int stage = base + replayStages.get(i);
                        chunks.add(new Ledger.PlannedChunk(0, p.mappingId(), ordinal, stage, ChunkKind.REPLAY, null, null, 0));
                        inserts = inserts.then(db.sql("""
                                        INSERT INTO run_mapping (run_id, ordinal, stage, mapping_id, version, pinned)
                                        VALUES (:run, :ordinal, :stage, :mapping, :version, CAST(:pinned AS jsonb))
                                        """)
                                .bind("run", id).bind("ordinal", ordinal).bind("stage", stage).bind("mapping", p.mappingId())
                                .bind("version", p.version()).bind("pinned", json.writeValueAsString(p)).then());
                    }
                    return inserts.then(Mono.fromCallable(() -> {
                        try (Connection t = targetDb.open()) {
                            int last = maxChunk(t, id);
                            List<Ledger.PlannedChunk> numbered = new ArrayList<>();
                            for (int i = 0; i < chunks.size(); i++) {
                                Ledger.PlannedChunk c = chunks.get(i);
                                numbered.add(new Ledger.PlannedChunk(last + i + 1, c.mappingId(), c.ordinal(), c.stage(), c.kind(), null,
                                        null, 0));
                            }
                            Ledger.insert(t, id, org.value(), numbered, json);
                        }
                        return ticker.transition(id, run.status(), RunStatus.RUNNING, null, null);
                    }).subscribeOn(Schedulers.boundedElastic())).then(Mono.fromRunnable(() -> ticker.tick(id))
                            .subscribeOn(Schedulers.boundedElastic())).then(get(org, id));
                });
            });
        });
    }

    private static int maxChunk(Connection t, UUID run) throws SQLException {
        try (PreparedStatement st = t.prepareStatement("SELECT coalesce(max(chunk_no), 0) FROM dm_ledger.chunk WHERE run_id = ?")) {
            st.setObject(1, run);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private List<UUID> openRejectsByMapping(UUID run) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (Connection t = targetDb.open(); PreparedStatement st = t.prepareStatement(
                "SELECT DISTINCT mapping_id FROM dm_ledger.reject WHERE run_id = ? AND resolved_at IS NULL")) {
            st.setObject(1, run);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }
}
