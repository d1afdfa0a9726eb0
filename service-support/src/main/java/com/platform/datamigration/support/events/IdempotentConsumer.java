package com.platform.datamigration.support.events;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies an event's effect at most once per consumer group: the event id is recorded in the same database
 * transaction as the effect, so a redelivered event finds its id and is skipped, and a failed effect leaves no
 * record and is retried.
 */
public final class IdempotentConsumer {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public IdempotentConsumer(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Runs {@code effect} unless {@code consumerGroup} already processed the event; blocks (listener threads only).
     *
     * @return whether the effect ran
     */
    public boolean apply(String consumerGroup, ReceivedEvent<?> received, Supplier<Mono<Void>> effect) {
        Boolean applied = db.sql("""
                        INSERT INTO processed_event (consumer_group, event_id, event_type) VALUES (:group, :eventId, :type)
                        ON CONFLICT DO NOTHING
                        """)
                .bind("group", consumerGroup)
                .bind("eventId", received.eventId())
                .bind("type", received.event().eventType().typeName())
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 0 ? Mono.just(false) : effect.get().thenReturn(true))
                .as(tx::transactional)
                .block(TIMEOUT);
        return Boolean.TRUE.equals(applied);
    }
}
