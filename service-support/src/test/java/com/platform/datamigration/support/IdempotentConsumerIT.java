package com.platform.datamigration.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platform.datamigration.contracts.ConnectionCreated;
import com.platform.datamigration.contracts.EventHeaders;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A consumer against the real broker: redelivery has no second effect, a poison record does not stop it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IdempotentConsumerIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "dm_support_consumer");
    }

    @Autowired
    DatabaseClient db;
    @Autowired
    JsonMapper json;

    @Test
    void theSameEventDeliveredTwiceTakesEffectOnce() throws Exception {
        ConnectionCreated event = TestEvents.connectionCreated("delivered twice");
        String eventId = UUID.randomUUID().toString();
        ConnectionCreated marker = new ConnectionCreated(TestEvents.connectionCreated("marker").connectionId(),
                TestEvents.ORG, 1, "after the duplicates", event.type(), event.host(), event.port(), event.database(),
                event.occurredAt());
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // Same key for all three: one partition, so the marker is consumed after both copies.
            producer.send(record(event.aggregateId(), eventId, json.writeValueAsBytes(event))).get();
            producer.send(record(event.aggregateId(), eventId, json.writeValueAsBytes(event))).get();
            producer.send(record(event.aggregateId(), UUID.randomUUID().toString(), json.writeValueAsBytes(marker))).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> effects(marker) == 1);
        assertThat(effects(event)).isEqualTo(1);
        assertThat(db.sql("SELECT count(*) FROM processed_event WHERE event_id = :id").bind("id", UUID.fromString(eventId))
                .map(r -> r.get(0, Long.class)).one().block()).isEqualTo(1);
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextOneIsConsumed() throws Exception {
        ConnectionCreated good = TestEvents.connectionCreated("after the poison");
        String poisonId = UUID.randomUUID().toString();
        byte[] poison = "{\"connectionId\": \"not-a-uuid\", \"garbage".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(good.aggregateId(), poisonId, poison)).get();
            producer.send(record(good.aggregateId(), UUID.randomUUID().toString(), json.writeValueAsBytes(good))).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> effects(good) == 1);

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.deadLetterTopic(WidgetListener.GROUP)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && dead.stream().noneMatch(r -> poisonId.equals(eventId(r)))) {
                consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
            }
        }
        ConsumerRecord<String, byte[]> deadLetter = dead.stream().filter(r -> poisonId.equals(eventId(r))).findFirst()
                .orElseThrow(() -> new AssertionError("the malformed record did not reach the dead-letter topic"));
        assertThat(deadLetter.value()).isEqualTo(poison);
        assertThat(deadLetter.key()).isEqualTo(good.aggregateId());
        assertThat(deadLetter.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
    }

    private long effects(ConnectionCreated event) {
        return db.sql("SELECT count(*) FROM widget_effect WHERE connection_id = :id").bind("id", event.connectionId().value())
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(EventHeaders.EVENT_ID);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ProducerRecord<String, byte[]> record(String key, String eventId, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CONNECTION_CREATED, key, value);
        record.headers().add(EventHeaders.EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_TYPE, "ConnectionCreated".getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.ORGANIZATION_ID, TestEvents.ORG.value().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
