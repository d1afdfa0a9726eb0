package com.platform.datamigration.support;

import com.platform.datamigration.contracts.ConnectionCreated;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.support.events.EventReader;
import com.platform.datamigration.support.events.IdempotentConsumer;
import com.platform.datamigration.support.events.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** A consumer whose effect is a row per applied event, so tests can count effects. */
@Component
class WidgetListener {

    static final String GROUP = "support-test";

    private final EventReader reader;
    private final IdempotentConsumer consumer;
    private final DatabaseClient db;

    WidgetListener(EventReader reader, IdempotentConsumer consumer, DatabaseClient db) {
        this.reader = reader;
        this.consumer = consumer;
        this.db = db;
    }

    @KafkaListener(topics = Topics.CONNECTION_CREATED, groupId = GROUP)
    void on(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent<ConnectionCreated> received = reader.read(record, ConnectionCreated.class);
        consumer.apply(GROUP, received, () -> db.sql("INSERT INTO widget_effect (connection_id, name) VALUES (:id, :name)")
                .bind("id", received.event().connectionId().value())
                .bind("name", received.event().name())
                .then());
    }
}
