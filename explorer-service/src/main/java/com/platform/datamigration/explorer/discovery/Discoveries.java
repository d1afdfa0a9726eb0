package com.platform.datamigration.explorer.discovery;

import com.platform.datamigration.contracts.CatalogDriftDetected;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.explorer.catalog.Drift;
import com.platform.datamigration.explorer.catalog.SnapshotRepository;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.catalog.CatalogDialect;
import com.platform.datamigration.support.outbox.Outbox;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import com.platform.datamigration.support.source.UniformFailureTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Discovers a source's catalog into a new immutable snapshot: in the background, one at a time per connection,
 * with progress a client can poll. A snapshot that differs from the previous one publishes
 * {@link CatalogDriftDetected} through the outbox.
 */
@Service
public class Discoveries {

    private static final Logger log = LoggerFactory.getLogger(Discoveries.class);
    private static final int BATCH = 500;

    private final DatabaseClient db;
    private final SnapshotRepository snapshots;
    private final ConnectionCredentials credentials;
    private final SourceConnector connector;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final JsonMapper json;

    Discoveries(DatabaseClient db, SnapshotRepository snapshots, ConnectionCredentials credentials, SourceConnector connector,
            Outbox outbox, ReactiveTransactionManager transactions, JsonMapper json) {
        this.db = db;
        this.snapshots = snapshots;
        this.credentials = credentials;
        this.connector = connector;
        this.outbox = outbox;
        this.tx = TransactionalOperator.create(transactions);
        this.json = json;
    }

    /** A discovery as a client sees it. */
    public record Discovery(UUID id, UUID connectionId, String status, int tablesFound, String failureCode, String failureMessage,
                            UUID snapshotId, Instant startedAt, Instant finishedAt) {
    }

    /**
     * Starts a discovery unless one is running for the connection (then answers that one). The credentials are
     * fetched first, so an unknown connection is 404 before anything starts.
     */
    public Mono<Discovery> start(OrganizationId org, ConnectionId connection) {
        Mono<Void> expireInterrupted = db.sql("UPDATE discovery SET status = 'FAILED', failure_code = 'INTERRUPTED', "
                        + "finished_at = now() WHERE organization_id = :org AND connection_id = :c AND status = 'RUNNING' "
                        + "AND started_at <= now() - interval '30 minutes'")
                .bind("org", org.value()).bind("c", connection.value()).then();
        return credentials.of(org, connection).flatMap(this::admitted).flatMap(creds -> expireInterrupted.then(running(org, connection)).switchIfEmpty(Mono.defer(() -> {
            UUID id = UUID.randomUUID();
            // Committed on its own before the work starts, so the worker always finds its row. A partial unique
            // index keeps one running discovery per connection: a concurrent start answers the running one.
            return db.sql("INSERT INTO discovery (id, organization_id, connection_id, status) VALUES (:id, :org, :c, 'RUNNING')")
                    .bind("id", id).bind("org", org.value()).bind("c", connection.value()).then()
                    .then(Mono.fromRunnable(() -> Mono.fromRunnable(() -> run(id, org, connection, creds))
                            .subscribeOn(Schedulers.boundedElastic()).subscribe()))
                    .then(find(org, id))
                    .onErrorResume(org.springframework.dao.DataIntegrityViolationException.class, e -> running(org, connection));
        })));
    }

    /**
     * A source refused by policy (the platform's own databases, a blocked host) is a 422 before anything starts;
     * one the server itself turns out to be is refused when the discovery connects (failure code PLATFORM_DATABASE).
     */
    private Mono<SourceCredentials> admitted(SourceCredentials creds) {
        return Mono.fromCallable(() -> {
            try {
                connector.admit(creds.host(), creds.port(), creds.database());
            } catch (SourceException e) {
                if (e.refused()) {
                    throw com.platform.datamigration.support.source.SourceProblems.of(e);
                }
            }
            return creds;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Discovery> find(OrganizationId org, UUID id) {
        return db.sql("SELECT * FROM discovery WHERE organization_id = :org AND id = :id")
                .bind("org", org.value()).bind("id", id).map(this::discovery).one()
                .switchIfEmpty(Mono.error(() -> Problems.notFound("discovery", id)));
    }

    private Mono<Discovery> running(OrganizationId org, ConnectionId connection) {
        return db.sql("SELECT * FROM discovery WHERE organization_id = :org AND connection_id = :c AND status = 'RUNNING' "
                        + "AND started_at > now() - interval '30 minutes' LIMIT 1")
                .bind("org", org.value()).bind("c", connection.value()).map(this::discovery).one();
    }

    /** The discovery itself, on a worker thread: read the catalog in batches, store, fingerprint, compare. */
    void run(UUID discoveryId, OrganizationId org, ConnectionId connection, SourceCredentials creds) {
        UUID snapshotId = UUID.randomUUID();
        long started = System.nanoTime();
        try {
            CatalogDialect dialect = CatalogDialect.of(creds.type());
            snapshots.begin(snapshotId, org, connection).block();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<TableInfo> batch = new ArrayList<>(BATCH);
            int[] counts = new int[2];
            try (Connection c = connector.open(creds).connection()) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                dialect.discover(c, table -> {
                    batch.add(table);
                    counts[0]++;
                    counts[1] += table.columns().size();
                    // Statistics change without the schema changing: the fingerprint leaves them out.
                    digest.update(json.writeValueAsBytes(new TableInfo(table.schema(), table.name(), table.kind(), 0, null,
                            table.columns(), table.primaryKey(), table.uniqueConstraints(), table.foreignKeys(), table.indexes())));
                    if (batch.size() == BATCH) {
                        flush(discoveryId, snapshotId, batch, counts[0]);
                    }
                });
                c.rollback();
            }
            flush(discoveryId, snapshotId, batch, counts[0]);
            String fingerprint = HexFormat.of().formatHex(digest.digest());
            long duration = (System.nanoTime() - started) / 1_000_000;
            snapshots.complete(snapshotId, fingerprint, counts[0], counts[1], duration).block();
            publishDrift(org, connection, snapshotId)
                    .then(db.sql("UPDATE discovery SET status = 'SUCCEEDED', snapshot_id = :s, tables_found = :t, finished_at = now() "
                            + "WHERE id = :id").bind("s", snapshotId).bind("t", counts[0]).bind("id", discoveryId).then())
                    .as(tx::transactional)
                    .block();
            log.info("Discovered {} tables and {} columns of connection {} in {} ms", counts[0], counts[1], connection, duration);
        } catch (Exception e) {
            String code = e instanceof SourceException source ? source.code().name() : "DISCOVERY_FAILED";
            if (!(e instanceof SourceException)) {
                log.warn("Discovery {} of connection {} failed", discoveryId, connection, e);
            }
            snapshots.discard(snapshotId).onErrorResume(x -> Mono.empty()).block();
            // A source that cannot be reached is recorded as failed no sooner than any such failure, so that a
            // discovery's start and finish times do not tell a closed port from a silent one. Waits off this thread.
            Duration wait = e instanceof SourceException source && UniformFailureTime.applies(source.code())
                    ? UniformFailureTime.remaining(started, UniformFailureTime.floor(creds)) : Duration.ZERO;
            Mono.delay(wait)
                    .then(db.sql("UPDATE discovery SET status = 'FAILED', failure_code = :code, finished_at = now() WHERE id = :id")
                            .bind("code", code).bind("id", discoveryId).then())
                    .subscribe(null, x -> log.warn("Discovery {} could not be marked failed", discoveryId, x));
        }
    }

    private void flush(UUID discoveryId, UUID snapshotId, List<TableInfo> batch, int found) {
        snapshots.addTables(snapshotId, List.copyOf(batch))
                .then(db.sql("UPDATE discovery SET tables_found = :t WHERE id = :id").bind("t", found).bind("id", discoveryId).then())
                .block();
        batch.clear();
    }

    private Mono<Void> publishDrift(OrganizationId org, ConnectionId connection, UUID snapshotId) {
        return snapshots.previous(org, connection, snapshotId)
                .flatMap(previous -> Mono.zip(snapshots.allTables(previous.id()).collectList(),
                                snapshots.allTables(snapshotId).collectList())
                        .map(t -> Drift.between(t.getT1(), t.getT2()))
                        .filter(drift -> !drift.isEmpty())
                        .flatMap(drift -> outbox.append(new CatalogDriftDetected(connection, org, previous.id().toString(),
                                snapshotId.toString(), drift.tablesAdded(), drift.tablesRemoved(), drift.tablesRenamed(),
                                drift.tablesChanged(), Instant.now()))))
                .then();
    }

    private Discovery discovery(io.r2dbc.spi.Readable r) {
        String code = r.get("failure_code", String.class);
        OffsetDateTime finished = r.get("finished_at", OffsetDateTime.class);
        return new Discovery(r.get("id", UUID.class), r.get("connection_id", UUID.class), r.get("status", String.class),
                r.get("tables_found", Integer.class), code, code == null ? null : failureMessage(code),
                r.get("snapshot_id", UUID.class), r.get("started_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static String failureMessage(String code) {
        try {
            return com.platform.datamigration.support.source.FailureCode.valueOf(code).message();
        } catch (IllegalArgumentException e) {
            return "The catalog could not be read.";
        }
    }
}
