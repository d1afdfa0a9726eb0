package com.platform.datamigration.run.runs;

import com.platform.datamigration.contracts.ChunkAssigned;
import com.platform.datamigration.contracts.MappingId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.RunId;
import com.platform.datamigration.contracts.RunProgressed;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.run.ledger.Ledger;
import com.platform.datamigration.run.ledger.MappingFigures;
import com.platform.datamigration.run.ledger.TargetDatabase;
import com.platform.datamigration.run.runs.RunView.Reconciliation;
import com.platform.datamigration.run.runs.RunView.TableView;
import com.platform.datamigration.support.outbox.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api role's heartbeat of every active run, every {@code dm.run.progress-interval} (250 ms by default): reads
 * the ledger, publishes the chunks that are due (the next stage once the previous one is done, chunks given back after
 * a failure, chunks whose lease expired), decides the run's outcome ({@link RunOutcome}), and publishes {@code run.progress} with the next sequence number. Several api
 * processes may run it: a transaction-scoped advisory lock per run lets one of them handle each run per tick.
 */
@Component
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('api')")
public class ProgressTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProgressTicker.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final TargetDatabase targetDb;
    private final RunStore runs;
    private final Ledger ledger;
    private final JsonMapper json;
    private final Duration interval;
    private ScheduledExecutorService timer;

    ProgressTicker(DatabaseClient db, ReactiveTransactionManager transactions, Outbox outbox, TargetDatabase targetDb, RunStore runs,
            Ledger ledger, JsonMapper json, RunProperties props) {
        this.ledger = ledger;
        this.db = db;
        this.tx = TransactionalOperator.create(transactions);
        this.outbox = outbox;
        this.targetDb = targetDb;
        this.runs = runs;
        this.json = json;
        this.interval = props.progressInterval();
    }

    /**
     * Ticks often, so outcomes and newly due chunks are seen within a fraction of a second; a progress event is
     * published when the run or one of its chunks changes state, and at least once a second while the run is active.
     */
    @Override
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-progress");
            t.setDaemon(true);
            return t;
        });
        long every = interval.toMillis();
        timer.scheduleWithFixedDelay(this::tickAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    private void tickAll() {
        try {
            List<UUID> active = db.sql("SELECT id FROM run WHERE status IN ('PLANNING', 'RUNNING', 'CANCELLING') ORDER BY requested_at")
                    .map(r -> r.get(0, UUID.class)).all().collectList().block(TIMEOUT);
            for (UUID id : active) {
                tick(id);
            }
        } catch (RuntimeException e) {
            log.warn("Progress tick failed: {}", e.toString());
        }
    }

    /** A run as a tick reads it; {@code activeSince} is when its current active period began, {@code activeMs} the earlier ones. */
    private record RunRow(UUID id, String org, RunStatus status, long sequence, RunOptions options, OffsetDateTime activeSince,
                          long activeMs) {
    }

    /** One tick of one run. */
    public void tick(UUID runId) {
        try {
            tx.transactional(db.sql("SELECT pg_try_advisory_xact_lock(hashtextextended(CAST(:id AS text), 7)) AS locked")
                            .bind("id", runId).map(r -> r.get(0, Boolean.class)).one()
                            .filter(Boolean::booleanValue)
                            .flatMap(l -> db.sql("""
                                            SELECT id, organization_id, status, sequence, options::text AS options,
                                                   coalesce(resumed_at, started_at) AS active_since, active_ms
                                            FROM run WHERE id = :id FOR UPDATE
                                            """).bind("id", runId)
                                    .map(r -> new RunRow(r.get("id", UUID.class), r.get("organization_id", String.class),
                                            RunStatus.valueOf(r.get("status", String.class)), r.get("sequence", Long.class),
                                            json.readValue(r.get("options", String.class), RunOptions.class),
                                            r.get("active_since", OffsetDateTime.class), r.get("active_ms", Long.class))).one())
                            .flatMap(run -> Mono.fromCallable(() -> evaluate(run)).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                                    .flatMap(step -> apply(run, step))))
                    .block(TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("Progress of run {} not updated this tick: {}", runId, e.toString());
        }
    }

    private record Step(RunStatus status, String errorCode, String errorMessage, RunView view, List<Integer> publish) {
    }

    /** Reads the ledger (blocking; called on the ticker or planner thread) and decides what the run does next. */
    private Step evaluate(RunRow run) throws SQLException {
        return evaluate(run, true);
    }

    private Step evaluate(RunRow run, boolean mayStop) throws SQLException {
        List<RunStore.StagedMapping> mappings = runs.mappings(run.id());
        List<Integer> publish = new ArrayList<>();
        List<MappingFigures> figures;
        try (Connection t = targetDb.open()) {
            if (run.status() == RunStatus.RUNNING) {
                publish.addAll(ledger.due(t, run.id()));
            }
            figures = ledger.figures(t, run.id());
        }
        Map<UUID, MappingFigures> byMapping = new HashMap<>();
        figures.forEach(f -> byMapping.put(f.mappingId(), f));
        long read = 0, written = 0, rejected = 0, estimated = 0;
        int done = 0, total = 0, failed = 0, running = 0, mismatches = 0, reconciled = 0;
        for (MappingFigures f : figures) {
            read += f.rowsRead();
            written += f.rowsWritten();
            rejected += f.rowsRejected();
            estimated += f.estimatedRows();
            done += f.chunksDone();
            total += f.chunksTotal();
            failed += f.chunksFailed();
            running += f.chunksRunning();
            mismatches += f.reconciliationMismatches();
            reconciled += f.reconciled();
        }
        boolean allDone = total > 0 && figures.stream().allMatch(f -> f.chunksDone() == f.chunksTotal()) && running == 0;
        RunOutcome.Decision decision = RunOutcome.decide(run.status(),
                new RunOutcome.Figures(read, rejected, total, failed, running, mismatches, allDone), run.options().maxRejectedFraction());
        RunStatus next = decision.next();
        if (mayStop && next == RunStatus.FAILED && run.status() == RunStatus.RUNNING) {
            // Failing: its chunks are stopped first (a write in flight rolls back, even one claimed since the figures were
            // read), so the figures the run ends with are the ones its ledger and its quarantine keep.
            try (Connection t = targetDb.open()) {
                ledger.stopRunning(t, run.id());
            }
            return evaluate(run, false);
        }
        String code = decision.code();
        String message = decision.message();
        long durationMs = run.activeMs()
                + (run.activeSince() == null ? 0 : Duration.between(run.activeSince().toInstant(), Instant.now()).toMillis());
        double rate = durationMs > 0 ? written * 1000.0 / durationMs : 0;
        Long eta = next.terminal() ? Long.valueOf(0) : rate > 0 && estimated > read ? Long.valueOf((long) ((estimated - read) / rate)) : null;
        List<TableView> tables = new ArrayList<>();
        for (RunStore.StagedMapping m : mappings) {
            if (tables.stream().anyMatch(t -> t.mappingId().equals(m.pinned().mappingId()))) {
                continue;
            }
            MappingFigures f = byMapping.get(m.pinned().mappingId());
            RunStatus status = f == null ? (next.terminal() ? next : RunStatus.QUEUED)
                    : f.chunksFailed() > 0 ? RunStatus.FAILED
                    : f.chunksDone() == f.chunksTotal() ? (f.rowsRejected() > 0 ? RunStatus.SUCCEEDED_WITH_REJECTS : RunStatus.SUCCEEDED)
                    : next.terminal() ? next : f.chunksRunning() > 0 || f.chunksDone() > 0 ? RunStatus.RUNNING : RunStatus.QUEUED;
            tables.add(new TableView(m.pinned().mappingId(), m.pinned().spec().name(), m.pinned().sourceName(), m.pinned().targetName(),
                    status, f == null ? 0 : f.rowsRead(), f == null ? 0 : f.rowsWritten(), f == null ? 0 : f.rowsRejected(),
                    f == null ? 0 : f.chunksDone(), f == null ? 0 : f.chunksTotal(), f == null ? 0 : f.estimatedRows(),
                    f == null || f.writeMs() == 0 ? null : f.rowsWritten() * 1000.0 / f.writeMs(),
                    f == null || !run.options().reconcile() || run.options().dryRun() ? null
                            : new Reconciliation(f.reconciled(), f.reconciliationMismatches(),
                            f.reconciliationMismatches() == 0 && f.reconciled() >= f.loadChunks())));
        }
        RunView view = new RunView(run.sequence() + 1, next, read, written, rejected, done, total, Math.round(rate * 10) / 10.0, eta,
                durationMs, tables, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return new Step(next, code, message, view, next == RunStatus.RUNNING ? publish : List.of());
    }

    private final Map<UUID, String> lastPublished = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<UUID, Long> lastPublishedAt = new java.util.concurrent.ConcurrentHashMap<>();

    private Mono<Void> apply(RunRow run, Step step) {
        boolean terminal = step.status().terminal();
        Instant now = Instant.now();
        RunView view = step.view();
        // Published at once when the run or one of its chunks changes state, otherwise about once a second: row counts
        // move on every tick, and each event costs a row in the outbox, a Kafka record and every subscriber's work.
        String state = step.status() + "/" + view.chunksDone() + "/" + view.chunksTotal();
        long nowMs = System.currentTimeMillis();
        boolean emit = terminal || step.status() != run.status() || !state.equals(lastPublished.get(run.id()))
                || nowMs - lastPublishedAt.getOrDefault(run.id(), 0L) >= 900;
        OrganizationId organization = OrganizationId.of(run.org());
        Mono<Void> due = Flux.fromIterable(step.publish())
                .concatMap(n -> outbox.append(new ChunkAssigned(new RunId(run.id()), organization, n, now))).then();
        if (!emit) {
            return due;
        }
        lastPublished.put(run.id(), state);
        lastPublishedAt.put(run.id(), nowMs);
        if (terminal) {
            lastPublished.remove(run.id());
            lastPublishedAt.remove(run.id());
        }
        Mono<Void> update = db.sql("""
                        UPDATE run SET status = :status, sequence = :seq, progress = CAST(:progress AS jsonb), updated_at = now(),
                               error_code = coalesce(:code, error_code), error_message = coalesce(:message, error_message),
                               finished_at = CASE WHEN :terminal THEN now() ELSE finished_at END,
                               active_ms = CASE WHEN :terminal THEN :duration ELSE active_ms END
                        WHERE id = :id
                        """)
                .bind("status", step.status().name()).bind("seq", step.view().sequence())
                .bind("progress", json.writeValueAsString(step.view()))
                .bind("code", org.springframework.r2dbc.core.Parameter.fromOrEmpty(step.errorCode(), String.class))
                .bind("message", org.springframework.r2dbc.core.Parameter.fromOrEmpty(step.errorMessage(), String.class))
                .bind("terminal", terminal).bind("duration", view.durationMs() == null ? 0L : view.durationMs()).bind("id", run.id()).then();
        OrganizationId org = organization;
        Mono<Void> chunks = due;
        RunView v = view;
        RunProgressed event = new RunProgressed(new RunId(run.id()), org, v.sequence(), v.status(), v.rowsRead(), v.rowsWritten(),
                v.rowsRejected(), v.chunksDone(), v.chunksTotal(), v.rowsPerSecond(), v.etaSeconds(),
                v.tables().stream().map(t -> new RunProgressed.TableProgress(new MappingId(t.mappingId()), t.sourceTable(), t.targetTable(),
                        t.status(), t.rowsRead(), t.rowsWritten(), t.rowsRejected(), t.chunksDone(), t.chunksTotal())).toList(),
                v.occurredAt());
        return update.then(chunks).then(outbox.append(event)).then();
    }

    /**
     * Moves a run from one status to another (only if it is still in {@code from}) and publishes the change at once.
     *
     * @return whether the run was in {@code from}
     */
    public boolean transition(UUID runId, RunStatus from, RunStatus to, String code, String message) {
        Long changed = tx.transactional(db.sql("""
                        UPDATE run SET status = :to, updated_at = now(),
                               started_at = CASE WHEN :planning THEN now() ELSE started_at END,
                               active_ms = CASE WHEN :terminal AND :from NOT IN ('QUEUED', 'SUCCEEDED', 'SUCCEEDED_WITH_REJECTS', 'FAILED',
                                                 'CANCELLED')
                                   THEN active_ms + CAST(1000 * extract(epoch FROM now() - coalesce(resumed_at, started_at, now())) AS bigint)
                                   ELSE active_ms END,
                               resumed_at = CASE WHEN :resuming THEN now() ELSE resumed_at END,
                               finished_at = CASE WHEN :terminal THEN now() ELSE NULL END,
                               error_code = :code, error_message = :message
                        WHERE id = :id AND status = :from
                        """)
                .bind("to", to.name()).bind("planning", to == RunStatus.PLANNING).bind("terminal", to.terminal())
                // A replay or a resume starts a new active period: the time the run stood finished is not its duration.
                .bind("resuming", from.terminal() && !to.terminal())
                .bind("code", org.springframework.r2dbc.core.Parameter.fromOrEmpty(code, String.class))
                .bind("message", org.springframework.r2dbc.core.Parameter.fromOrEmpty(message, String.class))
                .bind("id", runId).bind("from", from.name())
                .fetch().rowsUpdated()).block(TIMEOUT);
        if (changed == null || changed == 0) {
            return false;
        }
        if (to != RunStatus.RUNNING) {
            progressNow(runId, to);
        }
        return true;
    }

    /** Publishes a progress event for a status change outside the ticker's evaluation. */
    private void progressNow(UUID runId, RunStatus status) {
        tx.transactional(db.sql("""
                        UPDATE run SET sequence = sequence + 1 WHERE id = :id
                        RETURNING organization_id, sequence, progress::text AS progress
                        """).bind("id", runId)
                .map(r -> new Object[] {r.get("organization_id", String.class), r.get("sequence", Long.class),
                        r.get("progress", String.class)})
                .one()
                .flatMap(row -> {
                    RunView last = row[2] == null ? null : json.readValue((String) row[2], RunView.class);
                    RunView view = new RunView((Long) row[1], status, last == null ? 0 : last.rowsRead(), last == null ? 0 : last.rowsWritten(),
                            last == null ? 0 : last.rowsRejected(), last == null ? 0 : last.chunksDone(),
                            last == null ? 0 : last.chunksTotal(), 0, null, last == null ? null : last.durationMs(),
                            last == null ? List.of() : last.tables(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
                    RunProgressed event = new RunProgressed(new RunId(runId), OrganizationId.of((String) row[0]), view.sequence(), status,
                            view.rowsRead(), view.rowsWritten(), view.rowsRejected(), view.chunksDone(), view.chunksTotal(), 0, null,
                            view.tables().stream().map(t -> new RunProgressed.TableProgress(new MappingId(t.mappingId()), t.sourceTable(),
                                    t.targetTable(), t.status(), t.rowsRead(), t.rowsWritten(), t.rowsRejected(), t.chunksDone(),
                                    t.chunksTotal())).toList(), view.occurredAt());
                    return db.sql("UPDATE run SET progress = CAST(:p AS jsonb) WHERE id = :id")
                            .bind("p", json.writeValueAsString(view)).bind("id", runId).then()
                            .then(outbox.append(event));
                })).block(TIMEOUT);
    }
}
