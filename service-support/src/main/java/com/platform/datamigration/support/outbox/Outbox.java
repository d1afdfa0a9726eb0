package com.platform.datamigration.support.outbox;

import com.platform.datamigration.contracts.DataMigrationEvent;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records an event to publish in the caller's database transaction. Call it inside the same reactive
 * transaction as the state change it announces: both commit or neither does, and the relay publishes what
 * committed, at least once.
 */
public final class Outbox {

    private final DatabaseClient db;
    private final JsonMapper json;

    public Outbox(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Appends {@code event}; emits the event id. */
    public Mono<UUID> append(DataMigrationEvent event) {
        UUID eventId = UUID.randomUUID();
        return db.sql("""
                        INSERT INTO outbox (event_id, event_type, topic, aggregate_id, organization_id, schema_version, payload)
                        VALUES (:eventId, :eventType, :topic, :aggregateId, :organizationId, :schemaVersion, CAST(:payload AS jsonb))
                        """)
                .bind("eventId", eventId)
                .bind("eventType", event.eventType().typeName())
                .bind("topic", event.eventType().topic())
                .bind("aggregateId", event.aggregateId())
                .bind("organizationId", event.organizationId().value())
                .bind("schemaVersion", event.eventType().schemaVersion())
                .bind("payload", json.writeValueAsString(event))
                .fetch().rowsUpdated()
                .thenReturn(eventId);
    }
}
