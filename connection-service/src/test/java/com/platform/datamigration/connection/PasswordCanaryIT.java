package com.platform.datamigration.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * A password that must never escape: it is used to create, update and test connections, including every failure
 * path, and then looked for in every HTTP response, every log line, every Kafka record and every text column.
 */
@ExtendWith(OutputCaptureExtension.class)
class PasswordCanaryIT extends ConnectionServiceTestBase {

    @Test
    void theCanaryPasswordAppearsNowhere(CapturedOutput output) {
        String canary = "CANARY-" + UUID.randomUUID();
        String org = org();
        List<String> responses = new ArrayList<>();

        Map<String, Object> withCanary = Requests.with(Requests.logicalPostgres(), "password", canary);
        String created = exchange(responses, "POST", "/api/data-migration/connections", org, withCanary);
        String id = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        exchange(responses, "POST", "/api/data-migration/connections/" + id + "/test", org, null); // AUTH_FAILED
        exchange(responses, "GET", "/api/data-migration/connections/" + id, org, null);
        exchange(responses, "GET", "/api/data-migration/connections", org, null);
        exchange(responses, "PUT", "/api/data-migration/connections/" + id, org,
                Requests.with(Requests.with(withCanary, "password", canary + "-2"), "name", "renamed"));
        exchange(responses, "POST", "/api/data-migration/connections/test", org, withCanary);
        exchange(responses, "POST", "/api/data-migration/connections/test", org, Requests.with(Requests.mariadb(), "password", canary));
        exchange(responses, "POST", "/api/data-migration/connections/test", org,
                Requests.with(Requests.postgres(CLOSED_PORT), "password", canary));
        exchange(responses, "POST", "/api/data-migration/connections/test", org,
                Requests.with(Requests.postgres(NOT_A_DATABASE.port()), "password", canary));
        exchange(responses, "POST", "/api/data-migration/connections/test", org,
                Requests.with(Requests.with(withCanary, "host", "169.254.169.254"), "port", 80));
        exchange(responses, "POST", "/api/data-migration/connections/test", org, Requests.with(withCanary, "database", "db?x=" + canary));
        exchange(responses, "POST", "/api/data-migration/connections/test", org, Requests.with(withCanary, "port", 0));
        exchange(responses, "POST", "/api/data-migration/connections/test", org, Requests.with(withCanary, "port", "not a port"));
        exchange(responses, "POST", "/api/data-migration/connections", org, Requests.with(withCanary, "type", "H2"));
        exchange(responses, "POST", "/api/data-migration/connections", org, Requests.with(withCanary, "password", canary.repeat(60)));
        exchange(responses, "POST", "/api/data-migration/connections", org, Map.of("password", canary, "oops", List.of(canary)));
        exchange(responses, "DELETE", "/api/data-migration/connections/" + id, org, null);

        assertThat(responses).hasSize(17).noneMatch(r -> r.contains(canary));
        assertThat(output.getAll()).as("the capture sees the service's log").contains("Connection to 127.0.0.1");
        assertThat(output.getAll()).as("log output").doesNotContain(canary);
        assertThat(kafkaRecordsMention(canary)).as("Kafka records").isZero();
        assertThat(db.sql("SELECT count(*) FROM connection c WHERE c::text LIKE :p").bind("p", "%" + canary + "%")
                .map(r -> r.get(0, Long.class)).one().block()).isZero();
        assertThat(db.sql("SELECT count(*) FROM outbox o WHERE o::text LIKE :p").bind("p", "%" + canary + "%")
                .map(r -> r.get(0, Long.class)).one().block()).isZero();
        assertThat(db.sql("SELECT count(*) FROM processed_event e WHERE e::text LIKE :p").bind("p", "%" + canary + "%")
                .map(r -> r.get(0, Long.class)).one().block()).isZero();
    }

    private String exchange(List<String> responses, String method, String path, String organization, Object body) {
        var request = client().method(HttpMethod.valueOf(method)).uri(path)
                .headers(h -> h.setBearerAuth(admin(organization)));
        var spec = body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        var result = spec.expectBody().returnResult();
        String text = result.getStatus() + " " + result.getResponseHeaders() + " "
                + (result.getResponseBody() == null ? "" : new String(result.getResponseBody(), StandardCharsets.UTF_8));
        responses.add(text);
        return text;
    }

    private static int kafkaRecordsMention(String canary) {
        int found = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "canary-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CONNECTION_CREATED, Topics.CONNECTION_UPDATED, Topics.CONNECTION_DELETED,
                    Topics.deadLetterTopic("connection-service")));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder all = new StringBuilder(String.valueOf(r.key()));
                    all.append(new String(r.value(), StandardCharsets.UTF_8));
                    for (Header h : r.headers()) {
                        all.append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    if (all.indexOf(canary) >= 0) {
                        found++;
                    }
                }
            }
        }
        return found;
    }
}
