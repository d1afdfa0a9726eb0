package com.platform.datamigration.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platform.datamigration.contracts.ConnectionCreated;
import com.platform.datamigration.contracts.EventHeaders;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.localstack.KafkaServer;
import com.platform.datamigration.localstack.Ports;
import com.platform.datamigration.support.outbox.Outbox;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The outbox against a real broker that is down when the event is written: the state change and the outbox
 * row commit together, the row waits, and once the broker starts the event arrives exactly once, keyed by the
 * aggregate id and with its headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OutboxRelayIT {

    private static final KafkaServer BROKER = KafkaServer.create(Ports.free());

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "dm_support_outbox");
        registry.add("KAFKA_BOOTSTRAP_SERVERS", BROKER::bootstrapServers);
        // Topic creation would wait for the absent broker; the broker creates the topic on first use.
        registry.add("spring.kafka.admin.auto-create", () -> "false");
    }

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @Autowired
    Outbox outbox;
    @Autowired
    DatabaseClient db;
    @Autowired
    ReactiveTransactionManager transactions;

    @Test
    void eventWrittenWhileKafkaIsDownArrivesOnceAfterItStarts() {
        TransactionalOperator tx = TransactionalOperator.create(transactions);
        ConnectionCreated event = TestEvents.connectionCreated("written while the broker is down");
        UUID eventId = db.sql("INSERT INTO widget (id, name) VALUES (:id, :name)")
                .bind("id", event.connectionId().value()).bind("name", event.name())
                .then().then(outbox.append(event))
                .as(tx::transactional)
                .block();

        // A transaction that rolls back leaves neither the state change nor the event.
        ConnectionCreated rolledBack = TestEvents.connectionCreated("rolled back");
        Mono<UUID> failing = db.sql("INSERT INTO widget (id, name) VALUES (:id, :name)")
                .bind("id", rolledBack.connectionId().value()).bind("name", rolledBack.name())
                .then().then(outbox.append(rolledBack))
                .then(Mono.<UUID>error(new IllegalStateException("business rule failed")))
                .as(tx::transactional);
        assertThat(failing.onErrorResume(e -> Mono.empty()).block()).isNull();
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + rolledBack.aggregateId() + "'")).isZero();

        // Kafka is down: the relay keeps trying and the row stays unpublished.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(
                () -> count("SELECT count(*) FROM outbox WHERE published_at IS NULL AND event_id = '" + eventId + "'") == 1);

        BROKER.restart();

        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.CONNECTION_CREATED));
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (System.nanoTime() < deadline && received.isEmpty()) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            // Keep listening: a duplicate would arrive within the relay's next rounds.
            long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quiet) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).hasSize(1);
        ConsumerRecord<String, byte[]> record = received.get(0);
        assertThat(record.key()).isEqualTo(event.connectionId().toString());
        assertThat(header(record, EventHeaders.EVENT_ID)).isEqualTo(eventId.toString());
        assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("ConnectionCreated");
        assertThat(header(record, EventHeaders.ORGANIZATION_ID)).isEqualTo(TestEvents.ORG.value());
        assertThat(header(record, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains(event.connectionId().toString());
        await().atMost(Duration.ofSeconds(5)).until(
                () -> count("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL AND event_id = '" + eventId + "'") == 1);
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
