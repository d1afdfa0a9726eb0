package com.platform.datamigration.support.events;

import com.platform.datamigration.contracts.DataMigrationEvent;
import com.platform.datamigration.contracts.EventHeaders;
import com.platform.datamigration.contracts.EventType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Turns a Kafka record into a typed event, or refuses it with {@link MalformedEventException}. */
public final class EventReader {

    private final JsonMapper json;

    public EventReader(JsonMapper json) {
        // Events only ever gain fields (the schemas are additive): a consumer must accept fields it does not know,
        // even though request bodies refuse them.
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    public ReceivedEvent<DataMigrationEvent> read(ConsumerRecord<String, byte[]> record) {
        UUID eventId;
        try {
            eventId = UUID.fromString(header(record, EventHeaders.EVENT_ID));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("header " + EventHeaders.EVENT_ID + " is not a UUID");
        }
        String typeName = header(record, EventHeaders.EVENT_TYPE);
        EventType type = EventType.fromTypeName(typeName)
                .orElseThrow(() -> new MalformedEventException("unknown event type " + typeName));
        if (record.value() == null) {
            throw new MalformedEventException("record has no value");
        }
        DataMigrationEvent event;
        try {
            event = json.readValue(record.value(), type.recordClass());
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("value is not a valid " + typeName, e);
        }
        if (event.organizationId() == null
                || !event.organizationId().value().equals(header(record, EventHeaders.ORGANIZATION_ID))) {
            throw new MalformedEventException("organization header does not match the event");
        }
        return new ReceivedEvent<>(eventId, event.organizationId(), event);
    }

    /** Reads a record that must carry an event of {@code expected}. */
    public <E extends DataMigrationEvent> ReceivedEvent<E> read(ConsumerRecord<String, byte[]> record, Class<E> expected) {
        ReceivedEvent<DataMigrationEvent> received = read(record);
        if (!expected.isInstance(received.event())) {
            throw new MalformedEventException("expected " + expected.getSimpleName() + " but got "
                    + received.event().eventType().typeName());
        }
        return new ReceivedEvent<>(received.eventId(), received.organizationId(), expected.cast(received.event()));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            throw new MalformedEventException("header " + name + " is missing");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
