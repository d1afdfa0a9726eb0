package com.platform.datamigration.support.outbox;

import com.platform.datamigration.contracts.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka in id order and marks them published in the same transaction that
 * locked them. A transaction-scoped advisory lock lets one relay per service database work at a time, which
 * keeps each aggregate's events in order even with several instances. A row is marked only after the broker
 * acknowledged it; a crash in between publishes it again (at-least-once: consumers deduplicate by event id).
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed: the advisory lock key of the outbox relay in every service database. */
    private static final long RELAY_LOCK = 0x6f7574626f78L;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties props;
    private ExecutorService executor;
    private volatile boolean running;
    private Instant lastCleanup = Instant.EPOCH;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, byte[]> kafka, OutboxProperties props) {
        this.db = db;
        this.tx = tx;
        this.kafka = kafka;
        this.props = props;
    }

    private record Row(long id, UUID eventId, String eventType, String topic, String aggregateId, String organizationId,
                       int schemaVersion, String payload) {
    }

    @Override
    public synchronized void start() {
        running = true;
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        executor.submit(this::loop);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        long backoff = props.pollInterval().toMillis();
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                int published = publishBatch();
                backoff = props.pollInterval().toMillis();
                if (published == 0) {
                    cleanupIfDue();
                    Thread.sleep(backoff);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Outbox relay could not publish, retrying in {} ms: {}", backoff, rootMessage(e));
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, props.maxBackoff().toMillis());
            }
        }
    }

    /** Publishes one batch; returns how many rows it published (0 when none, or another relay holds the lock). */
    int publishBatch() {
        Integer published = db.sql("SELECT pg_try_advisory_xact_lock(:lock) AS locked")
                .bind("lock", RELAY_LOCK)
                .map(r -> Boolean.TRUE.equals(r.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? lockAndPublish() : Mono.just(0))
                .as(tx::transactional)
                .block(SEND_TIMEOUT.multipliedBy(2));
        return published == null ? 0 : published;
    }

    private Mono<Integer> lockAndPublish() {
        return db.sql("""
                        SELECT id, event_id, event_type, topic, aggregate_id, organization_id, schema_version, payload::text AS payload
                        FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE
                        """)
                .bind("limit", props.batchSize())
                .map(r -> new Row(r.get("id", Long.class), r.get("event_id", UUID.class), r.get("event_type", String.class),
                        r.get("topic", String.class), r.get("aggregate_id", String.class), r.get("organization_id", String.class),
                        r.get("schema_version", Integer.class), r.get("payload", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0)
                        : Mono.fromCallable(() -> send(rows)).subscribeOn(Schedulers.boundedElastic())
                        .flatMap(ids -> db.sql("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")
                                .bind("ids", ids)
                                .fetch().rowsUpdated()
                                .map(Long::intValue)));
    }

    /** Sends in order and waits for every acknowledgement; returns the ids sent. */
    private Long[] send(List<Row> rows) throws Exception {
        var futures = rows.stream().map(row -> {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.aggregateId(),
                    row.payload().getBytes(StandardCharsets.UTF_8));
            record.headers().add(new RecordHeader(EventHeaders.EVENT_ID, bytes(row.eventId().toString())));
            record.headers().add(new RecordHeader(EventHeaders.EVENT_TYPE, bytes(row.eventType())));
            record.headers().add(new RecordHeader(EventHeaders.ORGANIZATION_ID, bytes(row.organizationId())));
            record.headers().add(new RecordHeader(EventHeaders.SCHEMA_VERSION, bytes(Integer.toString(row.schemaVersion()))));
            return kafka.send(record);
        }).toList();
        for (var future : futures) {
            future.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return rows.stream().map(Row::id).toArray(Long[]::new);
    }

    private void cleanupIfDue() {
        if (Instant.now().isBefore(lastCleanup.plus(Duration.ofMinutes(10)))) {
            return;
        }
        lastCleanup = Instant.now();
        Long deleted = db.sql("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => :secs)")
                .bind("secs", (double) props.retention().toSeconds())
                .fetch().rowsUpdated()
                .block(Duration.ofSeconds(30));
        if (deleted != null && deleted > 0) {
            log.info("Deleted {} published outbox rows older than {}", deleted, props.retention());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
