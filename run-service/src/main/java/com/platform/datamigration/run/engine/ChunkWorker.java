package com.platform.datamigration.run.engine;

import com.platform.datamigration.runtime.copy.RowDigest;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.runtime.target.TargetRefusal;
import com.platform.datamigration.contracts.ChunkAssigned;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.run.RunProperties;
import com.platform.datamigration.support.events.EventReader;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import com.platform.datamigration.support.target.TargetTenancy;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker role: a member of the {@code run-workers} consumer group on {@code run.chunks}. For each chunk it is
 * handed it takes the lease in the ledger, heartbeats it while working, writes the chunk and its ledger update in one
 * target transaction (rolled back if its fencing token was superseded), then reconciles it. A redelivered or
 * duplicated chunk message finds the chunk done or leased and does nothing.
 */
@Component
@ConditionalOnExpression("'${dm.run.roles:api,worker}'.contains('worker')")
public class ChunkWorker {

    static final String GROUP = "run-workers";
    private static final Logger log = LoggerFactory.getLogger(ChunkWorker.class);

    private final EventReader reader;
    private final RunStore runs;
    private final TargetDatabase targetDb;
    private final ConnectionCredentials credentials;
    private final SourceConnector connector;
    private final RunProperties props;
    private final TargetTenancy tenancy;
    private final JsonMapper json;
    private final String owner;
    private final Map<String, Ledger.Claim> held = new ConcurrentHashMap<>();
    private final Map<String, CachedCredentials> credentialCache = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chunk-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile Connection heartbeatConnection;
    private final Semaphore slots;
    private final ExecutorService pool;
    private final java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();

    private record CachedCredentials(SourceCredentials credentials, long expiresAt) {
    }

    ChunkWorker(EventReader reader, RunStore runs, TargetDatabase targetDb, ConnectionCredentials credentials, SourceConnector connector,
            RunProperties props, TargetTenancy tenancy, JsonMapper json) {
        this.reader = reader;
        this.tenancy = tenancy;
        this.runs = runs;
        this.targetDb = targetDb;
        this.credentials = credentials;
        this.connector = connector;
        this.props = props;
        this.json = json;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        long every = Math.max(500, props.lease().toMillis() / 3);
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        heartbeats.scheduleWithFixedDelay(this::scan, 1000, 1000, TimeUnit.MILLISECONDS);
        this.slots = new Semaphore(props.workerConcurrency());
        this.pool = Executors.newFixedThreadPool(props.workerConcurrency(), r -> {
            Thread t = new Thread(r, "chunk-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** This worker's name in the ledger's {@code owner} column. */
    public String owner() {
        return owner;
    }

    /**
     * A chunk message wakes the worker up: it waits for a free slot, then a slot claims that chunk or, when someone
     * else has it, the next released chunk of the run, and keeps claiming the run's chunks until none is left. The
     * ledger decides who works on what, so chunks whose messages wait in a busy worker's partitions are taken by idle
     * workers, and a worker that dies mid-chunk leaves only a lease that expires.
     */
    @KafkaListener(topics = Topics.RUN_CHUNKS, groupId = GROUP)
    void on(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        ChunkAssigned work = reader.read(record, ChunkAssigned.class).event();
        slots.acquire();
        try {
            pool.execute(() -> {
                try {
                    workOn(work.runId().value(), work.organizationId().value(), work.chunkNo());
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** Free slots look for released chunks that no message brought them, e.g. after a worker died. */
    private void scan() {
        if (slots.availablePermits() == 0) {
            return;
        }
        List<UUID> waiting;
        try (Connection t = targetDb.open()) {
            waiting = Ledger.runsWithWork(t);
        } catch (SQLException e) {
            return;
        }
        for (UUID run : waiting) {
            if (!slots.tryAcquire()) {
                return;
            }
            pool.execute(() -> {
                try {
                    workOn(run, null, null);
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void workOn(UUID runId, String organization, Integer preferred) {
        try {
            Integer next = preferred;
            while (true) {
                RunStore.RunInfo run = runs.info(runId);
                if (run == null || run.status() != RunStatus.RUNNING
                        || (organization != null && !run.organizationId().equals(organization))) {
                    return;
                }
                Optional<Ledger.Claim> claim = claim(run, next);
                if (claim.isEmpty() && next != null) {
                    claim = claim(run, null);
                }
                if (claim.isEmpty()) {
                    return;
                }
                work(run, claim.get());
                next = null;
            }
        } catch (RuntimeException e) {
            log.warn("Work on run {} stopped: {}", runId, e.toString());
        }
    }

    private void work(RunStore.RunInfo run, Ledger.Claim c) {
        String key = run.id() + ":" + c.chunkNo();
        held.put(key, c);
        try {
            execute(run, c);
        } catch (Exception e) {
            String code = failureCode(e);
            log.warn("Chunk {} of run {} failed on attempt {} ({}); it goes back to the ledger", c.chunkNo(), run.id(), c.attempts(), code);
            try (Connection t = targetDb.open()) {
                Ledger.release(t, c, code, props.maxAttempts());
            } catch (SQLException again) {
                log.warn("Chunk {} of run {} could not be released ({}); its lease will expire", c.chunkNo(), run.id(), again.getSQLState());
            }
        } finally {
            held.remove(key);
        }
    }

    private Optional<Ledger.Claim> claim(RunStore.RunInfo run, Integer chunkNo) {
        try (Connection t = targetDb.open()) {
            return Ledger.claim(t, run.id(), chunkNo, owner, props.lease(), run.options().parallelism(), json);
        } catch (SQLException e) {
            log.warn("A chunk of run {} could not be claimed ({}); it will be offered again", run.id(), e.getSQLState());
            return Optional.empty();
        }
    }

    private void execute(RunStore.RunInfo run, Ledger.Claim claim) throws SQLException, SourceException {
        Pinned pinned = runs.pinned(run.id(), claim.ordinal());
        ChunkExecutor executor = new ChunkExecutor(pinned, tenancy.scope(run.organizationId()));
        boolean replay = claim.kind() == ChunkKind.REPLAY;
        SourceCredentials creds = replay ? null : credentials(run.organizationId(), pinned.spec().source().connectionId());
        try (Connection target = targetDb.open()) {
            target.setAutoCommit(false);
            // Pooled: already UTC with ISO dates (TargetDatabase); a silent network still fails after ten minutes.
            target.setNetworkTimeout(Runnable::run, 600_000);
            LoadPath path = claim.path();
            ChunkExecutor.Reconciliation inline = null;
            long refused = claim.rowsRejectedByTarget();
            if (!claim.written()) {
                long started = System.nanoTime();
                ChunkExecutor.Result result = replay ? replay(executor, run, claim, target)
                        : load(executor, pinned, claim, creds, target, run.options().pushdownAllowed(),
                        run.options().reconcile() && !run.options().dryRun());
                long writeMs = (System.nanoTime() - started) / 1_000_000;
                try (Rejects rejects = result.rejects()) {
                    if (run.options().dryRun()) {
                        target.rollback();
                    }
                    if (!Ledger.written(target, claim, result, run.organizationId(), json, writeMs)) {
                        target.rollback();
                        log.info("Chunk {} of run {} was taken over by another worker; its write is rolled back", claim.chunkNo(),
                                run.id());
                        return;
                    }
                    target.commit();
                    refused = rejects.refusedByTarget();
                }
                path = result.path();
                inline = result.reconciliation();
            }
            Map<String, Object> reconciliation = null;
            if (run.options().reconcile() && !run.options().dryRun() && !replay) {
                ChunkExecutor.Reconciliation r = inline != null ? inline : remap(executor, claim, creds, target, path, refused);
                reconciliation = new LinkedHashMap<>();
                reconciliation.put("method", r.method());
                reconciliation.put("mapped", r.mapped());
                reconciliation.put("matched", r.matched());
                reconciliation.put("refused", r.refused());
                reconciliation.put("sourceHash", r.sourceHash());
                reconciliation.put("targetHash", r.targetHash());
                reconciliation.put("ok", r.ok());
            }
            if (!Ledger.done(target, claim, reconciliation, json)) {
                target.rollback();
                return;
            }
            target.commit();
        }
    }

    /** Reconciles a written chunk by mapping its source rows again (the staging table is dropped by the rollback). */
    private ChunkExecutor.Reconciliation remap(ChunkExecutor executor, Ledger.Claim claim, SourceCredentials creds, Connection target,
            LoadPath path, long refused) throws SQLException, SourceException {
        try (Connection source = openSource(creds)) {
            ChunkExecutor.Reconciliation r = executor.reconcile(source, target, claim.lower(), claim.upper(),
                    path != null && path.binaryPipe(), refused);
            target.rollback();
            return r;
        }
    }

    /** A load chunk: the binary pipe when it can, merging when the target already has rows, else the decode path. */
    private ChunkExecutor.Result load(ChunkExecutor executor, Pinned pinned, Ledger.Claim claim, SourceCredentials creds,
            Connection target, boolean pushdown, boolean readBack) throws SQLException, SourceException {
        String table = PostgresDialect.INSTANCE.table(pinned.target().schema(), pinned.target().name());
        if (pushdown && executor.fastPathPossible()) {
            try (Connection source = openSource(creds)) {
                if (readBack && executor.keyRangeCarriesOver()) {
                    // Reconciled in the same pass: what left the source is hashed on its way, and compared with what the
                    // target then holds, without mapping the source a second time.
                    RowDigest digest = new RowDigest();
                    long n = executor.pipe(source, target, table, claim.lower(), claim.upper(), digest);
                    return new ChunkExecutor.Result(n, n, Rejects.none(), LoadPath.COPY_BINARY,
                            executor.readBack(target, claim.lower(), claim.upper(), digest));
                }
                long n = executor.pipe(source, target, table, claim.lower(), claim.upper());
                return new ChunkExecutor.Result(n, n, Rejects.none(), LoadPath.COPY_BINARY);
            } catch (SQLException e) {
                target.rollback();
                if (!TargetRefusal.isDataError(e)) {
                    throw e;
                }
                if (TargetRefusal.isUniqueViolation(e) && executor.mergeAllowed()) {
                    try (Connection source = openSource(creds)) {
                        String staging = executor.createStaging(target, "dm_stage");
                        long n = executor.pipe(source, target, staging, claim.lower(), claim.upper());
                        executor.merge(target, staging);
                        return new ChunkExecutor.Result(n, n, Rejects.none(), LoadPath.COPY_BINARY_MERGE);
                    } catch (SQLException again) {
                        target.rollback();
                        if (!TargetRefusal.isDataError(again)) {
                            throw again;
                        }
                    }
                }
            }
        }
        try (Connection source = openSource(creds)) {
            return executor.decode(executor.sourceRows(source, claim.lower(), claim.upper()), target, LoadPath.DECODE);
        }
    }

    /** A replay chunk: the run's open rejects of this mapping, mapped again with the mapping's fixed version. */
    private ChunkExecutor.Result replay(ChunkExecutor executor, RunStore.RunInfo run, Ledger.Claim claim, Connection target)
            throws SQLException {
        // The open rejects are marked resolved first, in the chunk's own transaction (so a failed write leaves them
        // open), and then streamed back, with a cursor, on a second connection: the chunk's connection is busy with the
        // COPY while they are read, and holding them all in memory would cost as much as the rows themselves. The
        // reader still sees them open, since the resolution is not committed yet; "id <= last" leaves out rejects that
        // chunks still in flight add meanwhile, which stay open for the next replay.
        long last;
        try (PreparedStatement st = target.prepareStatement("""
                WITH resolved AS (
                  UPDATE dm_ledger.reject SET resolved_at = now()
                  WHERE run_id = ? AND mapping_id = ? AND resolved_at IS NULL AND chunk_no <> ?
                  RETURNING id)
                SELECT coalesce(max(id), 0) FROM resolved
                """)) {
            st.setObject(1, run.id());
            st.setObject(2, claim.mappingId());
            st.setInt(3, claim.chunkNo());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                last = rs.getLong(1);
            }
        }
        try (Connection reader = targetDb.open()) {
            reader.setAutoCommit(false);
            reader.setReadOnly(true);
            try (PreparedStatement st = reader.prepareStatement("""
                    SELECT raw::text FROM dm_ledger.reject WHERE run_id = ? AND mapping_id = ? AND resolved_at IS NULL
                    AND chunk_no <> ? AND id <= ? ORDER BY id
                    """)) {
                st.setObject(1, run.id());
                st.setObject(2, claim.mappingId());
                st.setInt(3, claim.chunkNo());
                st.setLong(4, last);
                st.setFetchSize(1_000);
                TypeReference<Map<String, String>> raw = new TypeReference<>() { };
                return executor.decode(sink -> {
                    long n = 0;
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            sink.accept(executor.typed(json.readValue(rs.getString(1), raw)));
                            n++;
                        }
                    }
                    return n;
                }, target, LoadPath.REPLAY);
            } finally {
                reader.rollback();
            }
        }
    }

    private SourceCredentials credentials(String org, UUID connection) {
        String key = org + ":" + connection;
        CachedCredentials cached = credentialCache.get(key);
        if (cached != null && cached.expiresAt() > System.currentTimeMillis()) {
            return cached.credentials();
        }
        SourceCredentials c;
        try {
            c = credentials.of(OrganizationId.of(org), new ConnectionId(connection)).block(Duration.ofSeconds(15));
        } catch (ErrorResponseException e) {
            // An HTTP answer of connection-service, turned into what the chunk failed of.
            Object code = e.getBody().getProperties() == null ? null : e.getBody().getProperties().get("code");
            throw new CredentialsUnavailable(e.getStatusCode().value() == 404 ? "CONNECTION_NOT_FOUND"
                    : code instanceof String s ? s : "CONNECTION_SERVICE_UNAVAILABLE");
        } catch (RuntimeException e) {
            throw new CredentialsUnavailable("CONNECTION_SERVICE_UNAVAILABLE");
        }
        credentialCache.put(key, new CachedCredentials(c, System.currentTimeMillis() + 60_000));
        return c;
    }

    /** The source's credentials could not be had: {@link #code} says why, as the ledger records it. */
    static final class CredentialsUnavailable extends RuntimeException {
        final String code;

        CredentialsUnavailable(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }

    /**
     * What a chunk failed of, as a code the ledger records and the run shows: the source's failure code, the SQL
     * state, why credentials could not be had, or {@code WORKER_ERROR}; never an exception's class name.
     */
    static String failureCode(Exception e) {
        if (e instanceof SourceException se) {
            return se.code().name();
        }
        if (e instanceof SQLException sql) {
            return "SQL_" + sql.getSQLState();
        }
        if (e instanceof CredentialsUnavailable unavailable) {
            return unavailable.code;
        }
        return "WORKER_ERROR";
    }

    private Connection openSource(SourceCredentials creds) throws SourceException, SQLException {
        Connection c = connector.open(creds).connection();
        try {
            utc(c, creds.type());
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Sessions of a run: UTC, ISO dates, and no statement timeout (a chunk of a big table may stream for minutes; the
     * lease, not a timeout, decides when it is given up). A silent network still fails after ten minutes.
     */
    static void utc(Connection c, DatabaseType type) throws SQLException {
        try (Statement st = c.createStatement()) {
            // A key range is read in heap order (bitmap scan) rather than tuple by tuple through the index: a third cheaper.
            st.execute(type == DatabaseType.POSTGRESQL
                    ? "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, MDY'; SET statement_timeout = 0; SET enable_indexscan = off"
                    : "SET time_zone = '+00:00', SESSION max_statement_time = 0");
        }
        c.setNetworkTimeout(Runnable::run, 600_000);
    }

    private void heartbeat() {
        if (held.isEmpty()) {
            return;
        }
        try {
            if (heartbeatConnection == null || heartbeatConnection.isClosed() || !heartbeatConnection.isValid(2)) {
                heartbeatConnection = targetDb.open();
            }
            for (Ledger.Claim c : held.values()) {
                if (!Ledger.heartbeat(heartbeatConnection, c.runId(), c.chunkNo(), c.fencingToken(), props.lease())) {
                    log.info("Chunk {} of run {} is no longer leased to this worker", c.chunkNo(), c.runId());
                }
            }
        } catch (SQLException e) {
            log.warn("Lease heartbeat failed ({})", e.getSQLState());
            heartbeatConnection = null;
        }
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
        pool.shutdownNow();
    }
}
