package com.platform.datamigration.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.EventHeaders;
import com.platform.datamigration.contracts.MappingArchived;
import com.platform.datamigration.contracts.MappingId;
import com.platform.datamigration.contracts.MappingSaved;
import com.platform.datamigration.contracts.RunStatus;
import com.platform.datamigration.contracts.RunProgressed;
import com.platform.datamigration.contracts.RunRequested;
import com.platform.datamigration.contracts.RunId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** The connections API: lifecycle, events, isolation between organizations, bad input, deletion guard. */
class ConnectionsApiIT extends ConnectionServiceTestBase {

    @Autowired
    JsonMapper json;

    private String create(String org, Map<String, Object> body) {
        return client().post().uri("/api/data-migration/connections").headers(h -> h.setBearerAuth(admin(org)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
    }

    @Test
    void theLifecycleOfAConnectionPublishesItsEventsWithoutSecrets() {
        String org = org();
        Map<String, Object> body = Requests.logicalPostgres();
        String id = create(org, body);

        client().get().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.passwordSet").isEqualTo(true)
                .jsonPath("$.password").doesNotExist()
                .jsonPath("$.revision").isEqualTo(1)
                .jsonPath("$.options.connectTimeoutSeconds").isEqualTo(3);

        client().put().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Requests.with(Requests.with(body, "password", null), "name", "renamed " + id))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("renamed " + id)
                .jsonPath("$.revision").isEqualTo(2)
                .jsonPath("$.passwordSet").isEqualTo(true);

        client().put().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Requests.with(Requests.with(body, "password", null), "database", "otherdb"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("password");

        client().delete().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange()
                .expectStatus().isNoContent();
        client().get().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange()
                .expectStatus().isNotFound();

        List<ConsumerRecord<String, byte[]>> events = eventsOf(id, 3);
        assertThat(events).extracting(r -> header(r, EventHeaders.EVENT_TYPE))
                .containsExactly("ConnectionCreated", "ConnectionUpdated", "ConnectionDeleted");
        assertThat(events).allSatisfy(r -> {
            assertThat(header(r, EventHeaders.ORGANIZATION_ID)).isEqualTo(org);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain(TestSources.PASSWORD).doesNotContain("password\"");
        });
    }

    @Test
    void listIsPagedAndFilteredByNameAndType() {
        String org = org();
        for (int i = 0; i < 3; i++) {
            create(org, Requests.with(Requests.logicalPostgres(), "name", "pg source " + i));
        }
        create(org, Requests.with(Requests.mariadb(), "name", "maria source"));
        create(org(), Requests.with(Requests.logicalPostgres(), "name", "pg source of another org"));
        client().get().uri("/api/data-migration/connections?size=2&page=0").headers(h -> h.setBearerAuth(admin(org))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.totalElements").isEqualTo(4)
                .jsonPath("$.totalPages").isEqualTo(2);
        client().get().uri("/api/data-migration/connections?name=PG SOURCE&type=POSTGRESQL").headers(h -> h.setBearerAuth(admin(org)))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.totalElements").isEqualTo(3);
        client().get().uri("/api/data-migration/connections?type=MARIADB").headers(h -> h.setBearerAuth(admin(org))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].name").isEqualTo("maria source");
        client().get().uri("/api/data-migration/connections?size=1000").headers(h -> h.setBearerAuth(admin(org))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("size");
    }

    @Test
    void namesAreUniquePerOrganization() {
        String org = org();
        Map<String, Object> body = Requests.logicalPostgres();
        create(org, body);
        client().post().uri("/api/data-migration/connections").headers(h -> h.setBearerAuth(admin(org)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("NAME_TAKEN");
        create(org(), body);
    }

    @Test
    void anotherOrganizationsConnectionIsNotFound() {
        String id = create(org(), Requests.logicalPostgres());
        String intruder = org();
        client().get().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(intruder))).exchange()
                .expectStatus().isNotFound();
        client().put().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(intruder)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Requests.logicalPostgres()).exchange().expectStatus().isNotFound();
        client().post().uri("/api/data-migration/connections/{id}/test", id).headers(h -> h.setBearerAuth(admin(intruder)))
                .exchange().expectStatus().isNotFound();
        client().delete().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(intruder))).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aCiphertextCopiedToAnotherOrganizationsRowDoesNotDecrypt() {
        String victimOrg = org();
        String victim = create(victimOrg, Requests.logicalPostgres());
        String attackerOrg = org();
        String attacker = create(attackerOrg, Requests.with(Requests.logicalPostgres(), "password", "attacker-own"));
        db.sql("UPDATE connection SET password_ciphertext = (SELECT password_ciphertext FROM connection WHERE id = :victim) "
                        + "WHERE id = :attacker")
                .bind("victim", UUID.fromString(victim)).bind("attacker", UUID.fromString(attacker)).then().block();
        client().post().uri("/api/data-migration/connections/{id}/test", attacker).headers(h -> h.setBearerAuth(admin(attackerOrg)))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("CREDENTIALS_UNREADABLE");
        client().post().uri("/api/data-migration/connections/{id}/test", victim).headers(h -> h.setBearerAuth(admin(victimOrg)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.ok").isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "type", "host", "port", "database", "username", "password"})
    void aMissingFieldIs400NamingIt(String field) {
        client().post().uri("/api/data-migration/connections").headers(h -> h.setBearerAuth(admin(org())))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Requests.with(Requests.logicalPostgres(), field, null)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    @Test
    void malformedValuesAre400NamingTheField() {
        Map<String, Object> good = Requests.logicalPostgres();
        Map<Object, String> cases = Map.of(
                0, "port", 70000, "port", "five", "port");
        cases.forEach((port, field) -> badRequest(Requests.with(good, "port", port), field));
        badRequest(Requests.with(good, "name", "n".repeat(10_000)), "name");
        badRequest(Requests.with(good, "name", "legacy\u0000clinic"), "name");
        badRequest(Requests.with(good, "username", "reader\u0000"), "username");
        badRequest(Requests.with(good, "sslMode", "MAYBE"), "sslMode");
        badRequest(Requests.with(good, "url", "jdbc:postgresql://evil/?socketFactory=x"), "url");
        badRequest(Requests.with(good, "options", "connectTimeout=5"), "options");
    }

    private void badRequest(Map<String, Object> body, String field) {
        client().post().uri("/api/data-migration/connections").headers(h -> h.setBearerAuth(admin(org())))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    @Test
    void aConnectionUsedByAMappingCannotBeDeleted() throws Exception {
        String org = org();
        String id = create(org, Requests.logicalPostgres());
        MappingSaved mapping = new MappingSaved(MappingId.random(), OrganizationId.of(org), 1, "patients",
                new MappingSaved.SourceTable(ConnectionId.of(id), "public", "patients"), new MappingSaved.TargetTable("public", "patient"),
                List.of("id"), MappingSaved.OnConflict.UPSERT, null, List.of(new MappingSaved.FieldMapping("id", "id")), Instant.now());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MAPPING_SAVED, mapping.aggregateId(), json.writeValueAsBytes(mapping));
            record.headers().add(EventHeaders.EVENT_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.EVENT_TYPE, "MappingSaved".getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.ORGANIZATION_ID, org.getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                client().delete().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange()
                        .expectStatus().isEqualTo(409).expectBody()
                        .jsonPath("$.code").isEqualTo("CONNECTION_IN_USE")
                        .jsonPath("$.usedBy[0].type").isEqualTo("MAPPING")
                        .jsonPath("$.usedBy[0].id").isEqualTo(mapping.mappingId().toString())
                        .jsonPath("$.usedBy[0].name").isEqualTo("patients"));
    }

    @Test
    void aRunUsesItsConnectionWhileItIsActiveWhateverOrderItsEventsArriveIn() throws Exception {
        String org = org();
        String id = create(org, Requests.logicalPostgres());
        OrganizationId organization = OrganizationId.of(org);
        MappingSaved mapping = new MappingSaved(MappingId.random(), organization, 1, "patients",
                new MappingSaved.SourceTable(ConnectionId.of(id), "public", "patients"), new MappingSaved.TargetTable("public", "patient"),
                List.of("id"), MappingSaved.OnConflict.UPSERT, null, List.of(new MappingSaved.FieldMapping("id", "id")), Instant.now());
        RunId early = RunId.random();
        RunId active = RunId.random();
        RunRequested.Options options = new RunRequested.Options(false, 0.1, null, null);
        // A run whose terminal progress arrives before its request never holds the connection.
        send(Topics.MAPPING_SAVED, "MappingSaved", org, mapping);
        send(Topics.RUN_PROGRESS, "RunProgressed", org, progress(early, organization, 9, RunStatus.SUCCEEDED));
        send(Topics.RUN_REQUESTED, "RunRequested", org, new RunRequested(early, organization,
                List.of(new RunRequested.PinnedMapping(mapping.mappingId(), 1)), options, "admin", Instant.now()));
        send(Topics.RUN_REQUESTED, "RunRequested", org, new RunRequested(active, organization,
                List.of(new RunRequested.PinnedMapping(mapping.mappingId(), 1)), options, "admin", Instant.now()));
        send(Topics.RUN_PROGRESS, "RunProgressed", org, progress(active, organization, 2, RunStatus.RUNNING));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                client().delete().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange()
                        .expectStatus().isEqualTo(409).expectBody()
                        .jsonPath("$.usedBy.length()").isEqualTo(2)
                        .jsonPath("$.usedBy[?(@.type == 'RUN')].id").value(ids -> assertThat(ids.toString())
                                .contains(active.toString()).doesNotContain(early.toString())));
        // An older event of the active run changes nothing; its terminal one releases the connection.
        send(Topics.RUN_PROGRESS, "RunProgressed", org, progress(active, organization, 1, RunStatus.FAILED));
        send(Topics.RUN_PROGRESS, "RunProgressed", org, progress(active, organization, 3, RunStatus.CANCELLED));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                client().delete().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange()
                        .expectStatus().isEqualTo(409).expectBody()
                        .jsonPath("$.usedBy.length()").isEqualTo(1)
                        .jsonPath("$.usedBy[0].type").isEqualTo("MAPPING"));
        // Resumed: active again.
        send(Topics.RUN_PROGRESS, "RunProgressed", org, progress(active, organization, 4, RunStatus.RUNNING));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                client().delete().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange()
                        .expectStatus().isEqualTo(409).expectBody().jsonPath("$.usedBy.length()").isEqualTo(2));
    }

    private static RunProgressed progress(RunId run, OrganizationId org, long sequence, RunStatus status) {
        return new RunProgressed(run, org, sequence, status, 0, 0, 0, 0, 1, 0, null, List.of(), Instant.now());
    }

    private static MappingSaved mappingOf(String org, String connection, String name) {
        return new MappingSaved(MappingId.random(), OrganizationId.of(org), 1, name,
                new MappingSaved.SourceTable(ConnectionId.of(connection), "public", "patients"), new MappingSaved.TargetTable("public", "patient"),
                List.of("id"), MappingSaved.OnConflict.UPSERT, null, List.of(new MappingSaved.FieldMapping("id", "id")), Instant.now());
    }

    private static MappingArchived archiveOf(MappingSaved m) {
        return new MappingArchived(m.mappingId(), m.organizationId(), m.name(), m.version(), m.source().connectionId(), Instant.now());
    }

    private WebTestClient.ResponseSpec deleteConnection(String org, String id) {
        return client().delete().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange();
    }

    private boolean processed(UUID eventId) {
        return Boolean.TRUE.equals(db.sql("SELECT EXISTS (SELECT 1 FROM processed_event WHERE event_id = :id)").bind("id", eventId)
                .map(r -> r.get(0, Boolean.class)).one().block());
    }

    @Test
    void aConnectionWhoseLastMappingIsArchivedCanBeDeleted() throws Exception {
        String org = org();
        String id = create(org, Requests.logicalPostgres());
        MappingSaved patients = mappingOf(org, id, "patients");
        MappingSaved providers = mappingOf(org, id, "providers");
        send(Topics.MAPPING_SAVED, "MappingSaved", org, patients);
        send(Topics.MAPPING_SAVED, "MappingSaved", org, providers);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> deleteConnection(org, id)
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.usedBy.length()").isEqualTo(2));

        send(Topics.MAPPING_ARCHIVED, "MappingArchived", org, archiveOf(patients));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> deleteConnection(org, id)
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("CONNECTION_IN_USE")
                .jsonPath("$.usedBy.length()").isEqualTo(1)
                .jsonPath("$.usedBy[0].id").isEqualTo(providers.mappingId().toString()));

        send(Topics.MAPPING_ARCHIVED, "MappingArchived", org, archiveOf(providers));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> deleteConnection(org, id).expectStatus().isNoContent());
        client().get().uri("/api/data-migration/connections/{id}", id).headers(h -> h.setBearerAuth(admin(org))).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aSaveThatArrivesAfterItsMappingWasArchivedDoesNotHoldTheConnection() throws Exception {
        String org = org();
        String id = create(org, Requests.logicalPostgres());
        MappingSaved patients = mappingOf(org, id, "patients");
        UUID archived = send(Topics.MAPPING_ARCHIVED, "MappingArchived", org, archiveOf(patients));
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(archived));
        UUID late = send(Topics.MAPPING_SAVED, "MappingSaved", org, patients);
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(late));
        deleteConnection(org, id).expectStatus().isNoContent();
    }

    @Test
    void aRunThatPinnedAMappingBeforeItWasArchivedHoldsTheConnectionUntilItEnds() throws Exception {
        String org = org();
        String id = create(org, Requests.logicalPostgres());
        OrganizationId organization = OrganizationId.of(org);
        MappingSaved patients = mappingOf(org, id, "patients");
        RunId run = RunId.random();
        send(Topics.MAPPING_SAVED, "MappingSaved", org, patients);
        send(Topics.MAPPING_ARCHIVED, "MappingArchived", org, archiveOf(patients));
        send(Topics.RUN_REQUESTED, "RunRequested", org, new RunRequested(run, organization,
                List.of(new RunRequested.PinnedMapping(patients.mappingId(), 1)), new RunRequested.Options(false, 0.1, null, null),
                "admin", Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> deleteConnection(org, id)
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.usedBy.length()").isEqualTo(1)
                .jsonPath("$.usedBy[0].type").isEqualTo("RUN")
                .jsonPath("$.usedBy[0].id").isEqualTo(run.toString()));
        send(Topics.RUN_PROGRESS, "RunProgressed", org, progress(run, organization, 5, RunStatus.SUCCEEDED));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> deleteConnection(org, id).expectStatus().isNoContent());
    }

    /** Publishes as the services do; answers the event id. */
    private UUID send(String topic, String type, String org, Object event) throws Exception {
        UUID eventId = UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, ((com.platform.datamigration.contracts.DataMigrationEvent) event)
                    .aggregateId(), json.writeValueAsBytes(event));
            record.headers().add(EventHeaders.EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.ORGANIZATION_ID, org.getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        return eventId;
    }

    @Test
    void internalCallersGetTheCredentialsWithAServiceCredentialOnly() {
        String org = org();
        String id = create(org, Requests.logicalPostgres());
        String credential = TestStack.get().secrets().internalCredential(Service.RUN);
        client().get().uri("/internal/connections/{id}/credentials", id).header("X-Service-Credential", credential)
                .header("X-Organization-Id", org).exchange()
                .expectStatus().isOk()
                .expectHeader().cacheControl(CacheControl.noStore())
                .expectBody().jsonPath("$.password").isEqualTo(TestSources.PASSWORD)
                .jsonPath("$.port").isEqualTo(TestSources.LOGICAL_PG.port());
        client().get().uri("/internal/connections/{id}/credentials", id).header("X-Service-Credential", credential)
                .header("X-Organization-Id", org()).exchange().expectStatus().isNotFound();
        client().get().uri("/internal/connections/{id}/credentials", id).headers(h -> h.setBearerAuth(admin(org)))
                .header("X-Organization-Id", org).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anInternalCallNamingAnOrganizationThatIsNotAValidIdIsRefusedWith400() {
        String credential = TestStack.get().secrets().internalCredential(Service.RUN);
        // "z?rich" is what a non-ASCII "zürich" becomes in an HTTP header: it must never act as some organization.
        for (String altered : List.of("z?rich", "org x", "-org", "x".repeat(129))) {
            client().get().uri("/internal/connections/{id}/credentials", UUID.randomUUID()).header("X-Service-Credential", credential)
                    .header("X-Organization-Id", altered).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("X-Organization-Id");
        }
    }

    private List<ConsumerRecord<String, byte[]>> eventsOf(String connectionId, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "api-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CONNECTION_CREATED, Topics.CONNECTION_UPDATED, Topics.CONNECTION_DELETED));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && found.size() < expected) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (connectionId.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        found.sort(java.util.Comparator.comparing(r -> new String(r.value(), StandardCharsets.UTF_8).replaceAll(".*\"revision\":(\\d+).*", "$1")));
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
