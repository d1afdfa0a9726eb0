package com.platform.datamigration.mapping.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.EventHeaders;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.support.testing.ConnectionServiceStub;
import com.platform.datamigration.support.catalog.PostgresCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Mappings against a real target database and the benchmark's source table as the explorer would report it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MappingsIT {

    private static final ExplorerStub EXPLORER = new ExplorerStub();
    private static final ConnectionServiceStub CONNECTIONS = new ConnectionServiceStub(Service.MAPPING);
    private static final String TARGET_DB = "platform_bench_target";
    private static final String SOURCE_DB = "bench_source_catalog";
    private static String legacyPatients;
    private static String legacyPeople;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStack.get();
        TestStack.register(registry, "dm_mapping");
        if (stack.postgres().createDatabaseIfMissing(TARGET_DB)) {
            stack.postgres().runScript(TARGET_DB, "bench/platform_patient.sql");
        }
        try (Connection c = stack.postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            // Tenant-scoped, but with a unique code shared by every organization.
            st.execute("""
                    CREATE TABLE IF NOT EXISTS badge (organization_id text NOT NULL, id bigint NOT NULL, code text NOT NULL UNIQUE,
                      PRIMARY KEY (organization_id, id))
                    """);
            // A column of a type of the platform's own: the source's SQL cannot cast to it.
            st.execute("""
                    DO $$ BEGIN CREATE TYPE badge_tier AS ENUM ('gold', 'silver'); EXCEPTION WHEN duplicate_object THEN NULL; END $$
                    """);
            st.execute("""
                    CREATE TABLE IF NOT EXISTS tiered_badge (organization_id text NOT NULL, id bigint NOT NULL, tier badge_tier,
                      PRIMARY KEY (organization_id, id))
                    """);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        registry.add("PLATFORM_DB", () -> TARGET_DB);
        registry.add("EXPLORER_SERVICE_URL", EXPLORER::url);
        registry.add("CONNECTION_SERVICE_URL", CONNECTIONS::url);
        registry.add("DM_INTERNAL_CREDENTIAL", () -> stack.secrets().internalCredential(Service.MAPPING));
    }

    @BeforeAll
    static void sourceCatalog() throws Exception {
        TestStack stack = TestStack.get();
        if (stack.postgres().createDatabaseIfMissing(SOURCE_DB)) {
            stack.postgres().runScript(SOURCE_DB, "bench/legacy_patients_table.sql");
            try (Connection c = stack.postgres().connect(SOURCE_DB); Statement st = c.createStatement()) {
                st.execute("""
                        INSERT INTO legacy_patients VALUES
                          (1, 'MRN1', ' Ana ', 'Ng', '01/02/1990', 'F', 'ana@example.org', '+1', '12.50', 1, '2001-01-01 00:05', NULL),
                          (2, 'MRN2', 'Bo', 'Smith', '13/45/1990', 'M', 'bo@example.org', '+2', '3', 0, '2001-01-01 00:06', 'x'),
                          (3, 'MRN3', 'Chen', 'Okafor', '02/29/2024', 'U', NULL, NULL, '0.5', NULL, '2001-01-01 00:07', 'y'),
                          (4, 'MRN1', 'Eve', 'Sato', '12/31/1999', 'F', 'eve@example.org', '+4', '7', 1, '2001-01-01 00:08', NULL)
                        """);
            }
        }
        try (Connection c = stack.postgres().connect(SOURCE_DB); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN CREATE TYPE sex_code AS ENUM ('F', 'M', 'X'); EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS legacy_people (person_id bigint PRIMARY KEY, mrn text NOT NULL, sex sex_code,
                      active boolean NOT NULL, created timestamptz NOT NULL)
                    """);
        }
        List<TableInfo> tables = new ArrayList<>();
        try (Connection c = stack.postgres().connect(SOURCE_DB)) {
            c.setAutoCommit(false);
            new PostgresCatalog().discover(c, tables::add);
        }
        legacyPatients = JsonMapper.builder().build().writeValueAsString(tables.stream()
                .filter(t -> t.name().equals("legacy_patients")).findFirst().orElseThrow());
        legacyPeople = JsonMapper.builder().build().writeValueAsString(tables.stream()
                .filter(t -> t.name().equals("legacy_people")).findFirst().orElseThrow());
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    private record Tenant(String org, String connection) {
    }

    private static Tenant tenant() {
        return tenant("POSTGRESQL");
    }

    /** An organization with a connection of that engine whose latest snapshot has legacy_patients and legacy_people. */
    private static Tenant tenant(String engine) {
        Tenant t = new Tenant("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
        EXPLORER.add(t.connection(), t.org(), "public", "legacy_patients", legacyPatients);
        EXPLORER.add(t.connection(), t.org(), "public", "legacy_people", legacyPeople);
        CONNECTIONS.add(t.connection(), t.org(), engine, "127.0.0.1", TestStack.get().postgres().port(), SOURCE_DB,
                "postgres", "unused-with-trust");
        return t;
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port + "/api/data-migration/mappings")
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static String token(String org) {
        return TestStack.get().tokens().mint(TokenRequest.admin(org));
    }

    /** The benchmark mapping of shared/bench: legacy_patients → patient. */
    static Map<String, Object> benchmark(String connection) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "patients " + UUID.randomUUID());
        spec.put("source", Map.of("connectionId", connection, "schema", "public", "table", "legacy_patients"));
        spec.put("target", Map.of("schema", "public", "table", "patient"));
        spec.put("key", List.of("id"));
        spec.put("onConflict", "UPSERT");
        List<Map<String, String>> fields = new ArrayList<>();
        String[][] rules = {{"id", "patient_id"}, {"medical_record_number", "mrn"}, {"given_name", "trim(first_nm)"},
            {"family_name", "last_nm"}, {"birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')"},
            {"sex", "map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')"}, {"email", "email_addr"}, {"phone", "phone_no"},
            {"balance", "to_decimal(balance_txt, 12, 2)"}, {"active", "is_active <> 0"}, {"created_at", "utc(created_ts)"},
            {"notes", "coalesce(notes, '')"}};
        for (String[] rule : rules) {
            fields.add(Map.of("target", rule[0], "expression", rule[1]));
        }
        spec.put("fields", fields);
        return spec;
    }

    private JsonNode validate(Tenant t, Map<String, Object> spec) {
        return json.readTree(client().post().uri("/validate").headers(h -> h.setBearerAuth(token(t.org())))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(spec).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    @Test
    void theBenchmarkMappingValidatesSavesAsVersionsAndPublishesEachSaveOnce() {
        Tenant t = tenant();
        Map<String, Object> spec = benchmark(t.connection());
        JsonNode validation = validate(t, spec);
        assertThat(validation.get("valid").asBoolean()).as(validation.toString()).isTrue();

        byte[] created = client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(spec).exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String id = json.readTree(created).get("id").asString();
        assertThat(json.readTree(created).get("currentVersion").asInt()).isEqualTo(1);

        Map<String, Object> changed = new LinkedHashMap<>(spec);
        changed.put("filter", "is_active <> 0");
        client().put().uri("/{id}", id).headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(changed).exchange().expectStatus().isOk().expectBody().jsonPath("$.currentVersion").isEqualTo(2);

        client().get().uri("/{id}/versions", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].savedBy").isEqualTo("admin@" + t.org());
        client().get().uri("/{id}/versions/1", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.filter").doesNotExist();
        client().get().uri("/{id}/versions/2", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.filter").isEqualTo("is_active <> 0");

        List<ConsumerRecord<String, byte[]>> events = savedEvents(id, 2);
        assertThat(events).hasSize(2);
        JsonNode first = json.readTree(events.get(0).value());
        JsonNode second = json.readTree(events.get(1).value());
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("fields").get(4).get("expression").asString()).isEqualTo("parse_date(dob_txt, 'MM/DD/YYYY')");
        assertThat(first.get("source").get("table").asString()).isEqualTo("legacy_patients");
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(second.get("filter").asString()).isEqualTo("is_active <> 0");
        assertThat(new String(events.get(0).headers().lastHeader(EventHeaders.ORGANIZATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo(t.org());

        client().get().uri("/{id}", id).headers(h -> h.setBearerAuth(token("org-" + UUID.randomUUID()))).exchange()
                .expectStatus().isNotFound();
        client().put().uri("/{id}", id).headers(h -> h.setBearerAuth(token("org-" + UUID.randomUUID())))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(changed).exchange().expectStatus().isNotFound();
    }

    @Test
    void driftThatBreaksAMappingFlagsItUntilItIsSavedAgain() throws Exception {
        Tenant t = tenant();
        Map<String, Object> spec = benchmark(t.connection());
        String id = json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(spec).exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody()).get("id").asString();
        var legacy = new com.platform.datamigration.contracts.CatalogDriftDetected.TableRef("public", "legacy_patients");
        var drift = new com.platform.datamigration.contracts.CatalogDriftDetected(
                com.platform.datamigration.contracts.ConnectionId.of(t.connection()),
                com.platform.datamigration.contracts.OrganizationId.of(t.org()), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), List.of(), List.of(), List.of(),
                List.of(new com.platform.datamigration.contracts.CatalogDriftDetected.TableChange(legacy, List.of("new_col"),
                        List.of("phone_no"), List.of(new com.platform.datamigration.contracts.CatalogDriftDetected.ColumnChange(
                        "dob_txt", "character varying(10)", "date", true, true)))), java.time.Instant.now());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var record = new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.CATALOG_DRIFT, t.connection(), json.writeValueAsBytes(drift));
            record.headers().add(EventHeaders.EVENT_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.EVENT_TYPE, "CatalogDriftDetected".getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.ORGANIZATION_ID, t.org().getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                client().get().uri("/{id}", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.status").isEqualTo("NEEDS_REVIEW")
                        .jsonPath("$.reviewReasons.length()").isEqualTo(2)
                        .jsonPath("$.reviewReasons[0]").isEqualTo("The source column phone_no was removed.")
                        .jsonPath("$.reviewReasons[1]").isEqualTo("The source column dob_txt changed from character varying(10) to date."));
        client().put().uri("/{id}", id).headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(spec).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("VALID");
    }

    @Test
    void aPreviewFromThePlatformsOwnDatabasesIsRefused() throws Exception {
        for (String[] own : new String[][] {{"localhost", "dm_mapping"}, {"127.0.0.1", TARGET_DB}, {"::1", "dm_run"}}) {
            Tenant t = new Tenant("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
            EXPLORER.add(t.connection(), t.org(), "public", "legacy_patients", legacyPatients);
            CONNECTIONS.add(t.connection(), t.org(), "POSTGRESQL", own[0], TestStack.get().postgres().port(), own[1],
                    "postgres", "unused-with-trust");
            String id = json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(benchmark(t.connection())).exchange().expectStatus().isCreated().expectBody().returnResult()
                    .getResponseBody()).get("id").asString();
            client().post().uri("/{id}/preview", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("PLATFORM_DATABASE")
                    .jsonPath("$.errors[0].field").isEqualTo("database");
        }
    }

    @Test
    void previewMapsRealRowsReportsRowErrorsAndConstraintViolationsAndLeavesTheTargetUnchanged() throws Exception {
        Tenant t = tenant();
        String id = json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(benchmark(t.connection())).exchange().expectStatus().isCreated().expectBody().returnResult()
                .getResponseBody()).get("id").asString();
        JsonNode preview = json.readTree(client().post().uri("/{id}/preview?limit=20", id).headers(h -> h.setBearerAuth(token(t.org())))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(preview.get("rows").asInt()).isEqualTo(4);
        Map<Long, JsonNode> byId = new LinkedHashMap<>();
        preview.get("items").forEach(r -> byId.put(r.get("source").get("patient_id").asLong(), r));
        JsonNode ana = byId.get(1L);
        assertThat(ana.get("errors").size()).as(ana.toString()).isZero();
        assertThat(ana.get("mapped").get("given_name").asString()).isEqualTo("Ana");
        assertThat(ana.get("mapped").get("birth_date").asString()).isEqualTo("1990-01-02");
        assertThat(ana.get("mapped").get("sex").asString()).isEqualTo("female");
        assertThat(ana.get("mapped").get("notes").asString()).isEmpty();
        assertThat(byId.get(2L).get("errors").toString()).contains("UNPARSEABLE_DATE", "\"fields.birth_date\"");
        assertThat(byId.get(3L).get("errors").toString()).contains("NOT_NULL_VIOLATION", "active");
        assertThat(byId.get(4L).get("errors").toString()).contains("UNIQUE_VIOLATION");
        try (Connection c = TestStack.get().postgres().connect(TARGET_DB); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM patient")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the target is unchanged").isZero();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void suggestionsProposeTheBenchmarkMappingFromNamesAndTypes() {
        Tenant t = tenant();
        JsonNode suggestions = json.readTree(client().post().uri("/suggest").headers(h -> h.setBearerAuth(token(t.org())))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("source", Map.of("connectionId", t.connection(), "schema", "public", "table", "legacy_patients"),
                        "target", Map.of("schema", "public", "table", "patient")))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        Map<String, String> proposed = new LinkedHashMap<>();
        suggestions.forEach(s -> proposed.put(s.get("target").asString(), s.get("expression").asString()));
        assertThat(proposed).containsEntry("id", "patient_id").containsEntry("medical_record_number", "mrn")
                .containsEntry("given_name", "trim(first_nm)").containsEntry("family_name", "trim(last_nm)")
                .containsEntry("birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')").containsEntry("email", "email_addr")
                .containsEntry("phone", "phone_no").containsEntry("balance", "to_decimal(balance_txt, 12, 2)")
                .containsEntry("active", "is_active <> 0").containsEntry("created_at", "utc(created_ts)")
                .containsEntry("notes", "notes").containsEntry("sex", "sex_cd");
    }

    @Test
    @SuppressWarnings("unchecked")
    void lookupsMustNameAnExistingMappingAndResolveAgainstTheTarget() throws Exception {
        Tenant t = tenant();
        Map<String, Object> patients = benchmark(t.connection());
        client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON).bodyValue(patients)
                .exchange().expectStatus().isCreated();
        String patientsName = (String) patients.get("name");

        Map<String, Object> linked = benchmark(t.connection());
        List<Map<String, String>> fields = new ArrayList<>((List<Map<String, String>>) linked.get("fields"));
        fields.set(0, Map.of("target", "id", "expression", "lookup('" + patientsName.replace("'", "''") + "', patient_id)"));
        linked.put("fields", fields);
        assertThat(validate(t, linked).get("valid").asBoolean()).as(validate(t, linked).toString()).isTrue();
        fields.set(0, Map.of("target", "id", "expression", "lookup('no such mapping', patient_id)"));
        assertRule(t, with(linked, "fields", fields), "fields.id.expression", "INVALID_LOOKUP");

        fields.set(0, Map.of("target", "id", "expression", "lookup('" + patientsName.replace("'", "''") + "', patient_id)"));
        String id = json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(with(linked, "fields", fields)).exchange().expectStatus().isCreated().expectBody().returnResult()
                .getResponseBody()).get("id").asString();
        try (Connection c = TestStack.get().postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            st.execute("INSERT INTO patient (organization_id, id, medical_record_number, active, created_at) VALUES ('" + t.org()
                    + "', 1, 'ALREADY', true, now())");
        }
        try {
            JsonNode preview = json.readTree(client().post().uri("/{id}/preview", id).headers(h -> h.setBearerAuth(token(t.org())))
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
            Map<Long, JsonNode> byId = new LinkedHashMap<>();
            preview.get("items").forEach(r -> byId.put(r.get("source").get("patient_id").asLong(), r));
            assertThat(byId.get(1L).get("mapped").get("id").asLong()).isEqualTo(1L);
            assertThat(byId.get(2L).get("errors").toString()).contains("LOOKUP_NOT_FOUND", "\"fields.id\"");
        } finally {
            try (Connection c = TestStack.get().postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
                st.execute("DELETE FROM patient");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void previewsAndLookupsSeeOnlyTheOrganizationsOwnTargetRows() throws Exception {
        Tenant owner = tenant();
        Tenant other = tenant();
        Map<String, String> previews = new LinkedHashMap<>();
        Map<String, String> lookupPreviews = new LinkedHashMap<>();
        for (Tenant t : List.of(owner, other)) {
            Map<String, Object> patients = benchmark(t.connection());
            previews.put(t.org(), json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org())))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(patients).exchange().expectStatus().isCreated().expectBody()
                    .returnResult().getResponseBody()).get("id").asString());
            Map<String, Object> linked = benchmark(t.connection());
            List<Map<String, String>> fields = new ArrayList<>((List<Map<String, String>>) linked.get("fields"));
            fields.set(0, Map.of("target", "id", "expression", "lookup('" + ((String) patients.get("name")).replace("'", "''")
                    + "', patient_id)"));
            lookupPreviews.put(t.org(), json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org())))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(with(linked, "fields", fields)).exchange().expectStatus()
                    .isCreated().expectBody().returnResult().getResponseBody()).get("id").asString());
        }
        Map<String, Object> failing = with(benchmark(owner.connection()), "onConflict", "FAIL");
        String failingPreview = json.readTree(client().post().headers(h -> h.setBearerAuth(token(owner.org())))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(failing).exchange().expectStatus().isCreated().expectBody()
                .returnResult().getResponseBody()).get("id").asString();
        // The owner already holds patient 1 with MRN2, as an earlier run of its own would have left it.
        try (Connection c = TestStack.get().postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            st.execute("INSERT INTO patient (organization_id, id, medical_record_number, active, created_at) VALUES ('" + owner.org()
                    + "', 1, 'MRN2', true, now())");
        }
        try {
            Map<String, Map<Long, JsonNode>> plain = new LinkedHashMap<>();
            Map<String, Map<Long, JsonNode>> looked = new LinkedHashMap<>();
            for (Tenant t : List.of(owner, other)) {
                plain.put(t.org(), previewRows(t, previews.get(t.org())));
                looked.put(t.org(), previewRows(t, lookupPreviews.get(t.org())));
            }
            // The owner's own row collides with its preview of patient 1 (the same id) where the policy is FAIL; where it
            // is UPSERT the run updates that row, and the preview reports no duplicate for it either…
            assertThat(previewRows(owner, failingPreview).get(1L).get("errors").toString()).contains("UNIQUE_VIOLATION");
            assertThat(plain.get(owner.org()).get(1L).get("errors").size()).as(plain.get(owner.org()).toString()).isZero();
            assertThat(looked.get(owner.org()).get(1L).get("mapped").get("id").asLong()).isEqualTo(1L);
            // …the other organization's previews know nothing of it.
            assertThat(plain.get(other.org()).get(1L).get("errors").size()).as(plain.get(other.org()).toString()).isZero();
            assertThat(plain.get(other.org()).get(4L).get("errors").toString()).as("its own duplicate MRN1 still collides")
                    .contains("UNIQUE_VIOLATION");
            assertThat(looked.get(other.org()).get(1L).get("errors").toString()).contains("LOOKUP_NOT_FOUND", "\"fields.id\"");
        } finally {
            try (Connection c = TestStack.get().postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
                st.execute("DELETE FROM patient");
            }
        }
    }

    private Map<Long, JsonNode> previewRows(Tenant t, String mappingId) {
        JsonNode preview = json.readTree(client().post().uri("/{id}/preview?limit=20", mappingId).headers(h -> h.setBearerAuth(token(t.org())))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        Map<Long, JsonNode> byId = new LinkedHashMap<>();
        preview.get("items").forEach(r -> byId.put(r.get("source").get("patient_id").asLong(), r));
        return byId;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTenantColumnCannotBeMappedNorBePartOfTheKey() {
        Tenant t = tenant();
        Map<String, Object> good = benchmark(t.connection());
        List<Map<String, String>> fields = new ArrayList<>((List<Map<String, String>>) good.get("fields"));
        fields.add(Map.of("target", "organization_id", "expression", "'another-organization'"));
        assertRule(t, with(good, "fields", fields), "fields[12].target", "TENANT_FIELD_NOT_MAPPABLE");
        assertRule(t, with(good, "key", List.of("organization_id", "id")), "key[0]", "TENANT_FIELD_NOT_MAPPABLE");
        client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(with(good, "fields", fields)).exchange()
                .expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.code").isEqualTo("INVALID_MAPPING")
                .jsonPath("$.errors[0].field").isEqualTo("fields[12].target")
                .jsonPath("$.errors[0].code").isEqualTo("TENANT_FIELD_NOT_MAPPABLE")
                .jsonPath("$.errors[0].message").value(d -> assertThat(d.toString()).contains("organization_id"));
        // Not required either: the benchmark mapping, which does not name it, is valid.
        JsonNode valid = validate(t, good);
        assertThat(valid.get("valid").asBoolean()).as(valid.toString()).isTrue();
        assertThat(valid.toString()).doesNotContain("organization_id");
    }

    @Test
    void aUniqueConstraintAcrossOrganizationsIsWarnedAbout() {
        Tenant t = tenant();
        Map<String, Object> badges = new LinkedHashMap<>(benchmark(t.connection()));
        badges.put("target", Map.of("schema", "public", "table", "badge"));
        badges.put("fields", List.of(Map.of("target", "id", "expression", "patient_id"), Map.of("target", "code", "expression", "mrn")));
        JsonNode v = validate(t, badges);
        assertThat(v.get("valid").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.get("warnings").toString()).contains("CONSTRAINT_SPANS_ORGANIZATIONS", "[code]");
        assertThat(validate(t, benchmark(t.connection())).get("warnings").toString()).doesNotContain("CONSTRAINT_SPANS_ORGANIZATIONS");
    }

    @Test
    void eachValidationRuleNamesTheFieldAtFault() {
        Tenant t = tenant();
        Map<String, Object> good = benchmark(t.connection());
        assertRule(t, with(good, "source", Map.of("connectionId", t.connection(), "schema", "public", "table", "nope")),
                "source.table", "SOURCE_NOT_FOUND");
        assertRule(t, with(good, "target", Map.of("schema", "public", "table", "nope")), "target.table", "TARGET_NOT_FOUND");
        assertRule(t, withField(good, 3, "no_such_field", "last_nm"), "fields[3].target", "UNKNOWN_TARGET_FIELD");
        assertRule(t, withField(good, 3, "given_name", "last_nm"), "fields[3].target", "DUPLICATE_TARGET_FIELD");
        assertRule(t, withField(good, 3, "family_name", "no_such_column"), "fields.family_name.expression", "INVALID_COLUMN");
        assertRule(t, withField(good, 3, "family_name", "trim(last_nm"), "fields.family_name.expression", "INVALID_EXPRESSION");
        assertRule(t, withField(good, 4, "birth_date", "dob_txt"), "fields.birth_date.expression", "INCOMPATIBLE_TYPE");
        assertRule(t, withField(good, 9, "notes", "notes"), "fields", "REQUIRED_FIELD_MISSING");
        assertRule(t, with(good, "key", List.of("given_name")), "key", "KEY_NOT_UNIQUE");
        assertRule(t, with(good, "filter", "trim(first_nm)"), "filter", "INVALID_TYPE");

        client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(with(good, "key", List.of("given_name"))).exchange()
                .expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.code").isEqualTo("INVALID_MAPPING")
                .jsonPath("$.errors[0].field").isEqualTo("key");
        // A field by the target it maps, wherever it stands in the list; by its index where the target cannot say which.
        client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(withField(good, 3, "family_name", "trim(last_nm")).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("INVALID_MAPPING")
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].field").isEqualTo("fields.family_name.expression")
                .jsonPath("$.errors[0].code").isEqualTo("INVALID_EXPRESSION");
        client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(withField(good, 3, "given_name", "last_nm")).exchange()
                .expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.errors[?(@.code == 'DUPLICATE_TARGET_FIELD')].field").isEqualTo("fields[3].target")
                .jsonPath("$.errors[?(@.code == 'DUPLICATE_TARGET_FIELD')].message")
                .isEqualTo("given_name is mapped more than once: by fields[2] and by fields[3].");
        client().get().headers(h -> h.setBearerAuth(token(t.org()))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
        client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(with(good, "onConflict", "MERGE")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("onConflict");
        client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(with(good, "name", "patients\u0000")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
    }

    private String create(Tenant t, Map<String, Object> spec) {
        return json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(spec).exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody()).get("id").asString();
    }

    private WebTestClient.ResponseSpec delete(String org, String id) {
        return client().delete().uri("/{id}", id).headers(h -> h.setBearerAuth(token(org))).exchange();
    }

    private WebTestClient.ResponseSpec internal(String org, String path, Object... vars) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri(path, vars).header("X-Service-Credential", TestStack.get().secrets().internalCredential(Service.RUN))
                .header("X-Organization-Id", org).exchange();
    }

    private long summary(Tenant t) {
        return json.readTree(client().get().uri("/summary").headers(h -> h.setBearerAuth(token(t.org()))).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody()).get("total").asLong();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeletedMappingIsArchivedGoneFromEveryReadAndNewRunButItsPinnedVersionsStay() throws Exception {
        Tenant t = tenant();
        Map<String, Object> spec = benchmark(t.connection());
        String id = create(t, spec);
        Map<String, Object> changed = with(spec, "filter", "is_active <> 0");
        client().put().uri("/{id}", id).headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(changed).exchange().expectStatus().isOk();
        assertThat(summary(t)).isEqualTo(1);

        String stranger = "org-" + UUID.randomUUID();
        delete(stranger, id).expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404);
        delete(t.org(), UUID.randomUUID().toString()).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        delete(t.org(), "not-a-uuid").expectStatus().isBadRequest();
        client().get().uri("/{id}", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange().expectStatus().isOk();

        delete(t.org(), id).expectStatus().isNoContent().expectBody().isEmpty();

        client().get().uri("/{id}", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange().expectStatus().isNotFound();
        client().get().headers(h -> h.setBearerAuth(token(t.org()))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
        assertThat(summary(t)).as("the stepper's count").isZero();
        client().get().uri("/{id}/versions", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange().expectStatus().isNotFound();
        client().put().uri("/{id}", id).headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(spec).exchange().expectStatus().isNotFound();
        client().post().uri("/{id}/preview", id).headers(h -> h.setBearerAuth(token(t.org()))).exchange().expectStatus().isNotFound();
        delete(t.org(), id).expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        // What a new run pins is gone (run-service answers MAPPING_NOT_FOUND); what runs pinned stays.
        internal(t.org(), "/internal/mappings/{id}", id).expectStatus().isNotFound();
        internal(t.org(), "/internal/mappings/{id}/versions/{v}", id, 1).expectStatus().isOk()
                .expectBody().jsonPath("$.filter").doesNotExist().jsonPath("$.name").isEqualTo(spec.get("name"));
        internal(t.org(), "/internal/mappings/{id}/versions/{v}", id, 2).expectStatus().isOk()
                .expectBody().jsonPath("$.filter").isEqualTo("is_active <> 0");
        internal(t.org(), "/internal/mappings/{id}/versions/{v}", id, 3).expectStatus().isNotFound();
        internal(stranger, "/internal/mappings/{id}/versions/{v}", id, 1).expectStatus().isNotFound();

        // Nothing may look it up any more, and its name is free.
        Map<String, Object> linked = benchmark(t.connection());
        List<Map<String, String>> fields = new ArrayList<>((List<Map<String, String>>) linked.get("fields"));
        fields.set(0, Map.of("target", "id", "expression", "lookup('" + ((String) spec.get("name")).replace("'", "''") + "', patient_id)"));
        assertRule(t, with(linked, "fields", fields), "fields.id.expression", "INVALID_LOOKUP");
        String again = create(t, spec);
        assertThat(again).isNotEqualTo(id);

        List<ConsumerRecord<String, byte[]>> archived = events(Topics.MAPPING_ARCHIVED, id, 1);
        assertThat(archived).hasSize(1);
        JsonNode event = json.readTree(archived.get(0).value());
        assertThat(event.get("mappingId").asString()).isEqualTo(id);
        assertThat(event.get("organizationId").asString()).isEqualTo(t.org());
        assertThat(event.get("lastVersion").asInt()).isEqualTo(2);
        assertThat(event.get("connectionId").asString()).isEqualTo(t.connection());
        assertThat(event.get("name").asString()).isEqualTo(spec.get("name"));
        assertThat(new String(archived.get(0).headers().lastHeader(EventHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo("MappingArchived");
        assertThat(new String(archived.get(0).headers().lastHeader(EventHeaders.ORGANIZATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo(t.org());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMappingThatAnotherLooksUpCannotBeDeletedUntilTheOtherIsGone() {
        Tenant t = tenant();
        Map<String, Object> patients = benchmark(t.connection());
        String patientsId = create(t, patients);
        Map<String, Object> linked = benchmark(t.connection());
        List<Map<String, String>> fields = new ArrayList<>((List<Map<String, String>>) linked.get("fields"));
        fields.set(0, Map.of("target", "id", "expression",
                "coalesce(LOOKUP( '" + ((String) patients.get("name")).replace("'", "''") + "', patient_id), 0)"));
        String linkedId = create(t, with(linked, "fields", fields));

        delete(t.org(), patientsId).expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("MAPPING_IN_USE")
                .jsonPath("$.usedBy.length()").isEqualTo(1)
                .jsonPath("$.usedBy[0].id").isEqualTo(linkedId)
                .jsonPath("$.usedBy[0].name").isEqualTo(linked.get("name"));
        client().get().uri("/{id}", patientsId).headers(h -> h.setBearerAuth(token(t.org()))).exchange().expectStatus().isOk();

        // A version that no longer looks it up releases it.
        client().put().uri("/{id}", linkedId).headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(linked).exchange().expectStatus().isOk();
        delete(t.org(), patientsId).expectStatus().isNoContent();
        delete(t.org(), linkedId).expectStatus().isNoContent();
        assertThat(summary(t)).isZero();
    }

    private static Map<String, Object> spec(String connection, String source, String target, String[][] rules) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", source + " " + UUID.randomUUID());
        spec.put("source", Map.of("connectionId", connection, "schema", "public", "table", source));
        spec.put("target", Map.of("schema", "public", "table", target));
        spec.put("key", List.of("id"));
        spec.put("onConflict", "UPSERT");
        List<Map<String, String>> fields = new ArrayList<>();
        for (String[] rule : rules) {
            fields.add(Map.of("target", rule[0], "expression", rule[1]));
        }
        spec.put("fields", fields);
        return spec;
    }

    private static Map<String, String> verdicts(JsonNode pushdown) {
        Map<String, String> out = new LinkedHashMap<>();
        pushdown.get("fields").properties().forEach(e -> out.put(e.getKey(), e.getValue().get("pushesDown").asBoolean()
                ? "pushes down " + e.getValue().get("how").asString() : e.getValue().get("reason").asString()));
        return out;
    }

    @Test
    void theBenchmarkMappingOnAPostgresqlSourcePushesEveryFieldDownAndItsSavedVersionSaysSo() {
        Tenant t = tenant();
        Map<String, Object> spec = with(benchmark(t.connection()), "filter", "is_active <> 0");
        JsonNode pushdown = validate(t, spec).get("pushdown");

        assertThat(pushdown.get("path").asString()).as(pushdown.toString()).isEqualTo("COPY_BINARY");
        assertThat(pushdown.get("reasons").isEmpty()).isTrue();
        assertThat(verdicts(pushdown)).containsOnlyKeys("id", "medical_record_number", "given_name", "family_name", "birth_date", "sex",
                "email", "phone", "balance", "active", "created_at", "notes").allSatisfy((field, verdict) ->
                assertThat(verdict).as(field).isEqualTo("pushes down SQL"));
        assertThat(pushdown.get("filter").get("pushesDown").asBoolean()).isTrue();
        assertThat(pushdown.get("fields").get("id").has("reason")).isFalse();

        JsonNode created = json.readTree(client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(spec).exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        assertThat(created.get("pushdown")).isEqualTo(pushdown);
        client().get().uri("/{id}", created.get("id").asString()).headers(h -> h.setBearerAuth(token(t.org()))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.pushdown.path").isEqualTo("COPY_BINARY")
                .jsonPath("$.pushdown.fields.birth_date.pushesDown").isEqualTo(true);
    }

    @Test
    void aValueMapOverAnEnumColumnPushesDown() {
        Tenant t = tenant();
        JsonNode validation = validate(t, spec(t.connection(), "legacy_people", "patient", new String[][] {{"id", "person_id"},
            {"medical_record_number", "mrn"}, {"sex", "map(sex, 'F' -> 'female', 'M' -> 'male', else 'unknown')"},
            {"active", "active"}, {"created_at", "created"}}));

        assertThat(validation.get("valid").asBoolean()).as(validation.toString()).isTrue();
        assertThat(validation.get("pushdown").get("path").asString()).isEqualTo("COPY_BINARY");
        assertThat(verdicts(validation.get("pushdown"))).containsEntry("sex", "pushes down SQL");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWholeLookupIsJoinedButALookupInsideAnotherExpressionIsResolvedInJavaAndSaysWhy() {
        Tenant t = tenant();
        Map<String, Object> patients = benchmark(t.connection());
        client().post().headers(h -> h.setBearerAuth(token(t.org()))).contentType(MediaType.APPLICATION_JSON).bodyValue(patients)
                .exchange().expectStatus().isCreated();
        String lookup = "lookup('" + ((String) patients.get("name")).replace("'", "''") + "', patient_id)";

        JsonNode joined = validate(t, withField(benchmark(t.connection()), 0, "id", lookup)).get("pushdown");
        assertThat(joined.get("path").asString()).as(joined.toString()).isEqualTo("COPY_BINARY_JOINED");
        assertThat(verdicts(joined)).containsEntry("id", "pushes down JOIN").containsEntry("birth_date", "pushes down SQL");

        JsonNode nested = validate(t, withField(benchmark(t.connection()), 0, "id", "coalesce(" + lookup + ", 0)")).get("pushdown");
        assertThat(nested.get("path").asString()).as(nested.toString()).isEqualTo("DECODE");
        assertThat(verdicts(nested)).containsEntry("id", "NESTED_LOOKUP").containsEntry("birth_date", "MAPPING_DECODED");
        assertThat(nested.get("fields").get("id").get("message").asString()).contains("lookup inside another expression");
        assertThat(nested.get("reasons")).singleElement().satisfies(r -> {
            assertThat(r.get("code").asString()).isEqualTo("NESTED_LOOKUP");
            assertThat(r.get("field").asString()).isEqualTo("id");
        });
    }

    @Test
    void aTargetColumnOfTheDatabasesOwnTypeIsConvertedInJava() {
        Tenant t = tenant();
        JsonNode validation = validate(t, spec(t.connection(), "legacy_patients", "tiered_badge", new String[][] {{"id", "patient_id"},
            {"tier", "map(sex_cd, 'F' -> 'gold', else 'silver')"}}));

        assertThat(validation.get("valid").asBoolean()).as(validation.toString()).isTrue();
        JsonNode pushdown = validation.get("pushdown");
        assertThat(pushdown.get("path").asString()).isEqualTo("DECODE");
        assertThat(verdicts(pushdown)).containsEntry("tier", "TARGET_TYPE_NOT_BUILTIN").containsEntry("id", "MAPPING_DECODED");
        assertThat(pushdown.get("fields").get("tier").get("message").asString()).contains("badge_tier");
    }

    @Test
    void aMariadbSourceDecodesEveryFieldAndSaysSoOnceForTheMapping() {
        Tenant t = tenant("MARIADB");
        JsonNode validation = validate(t, benchmark(t.connection()));

        assertThat(validation.get("valid").asBoolean()).as(validation.toString()).isTrue();
        JsonNode pushdown = validation.get("pushdown");
        assertThat(pushdown.get("path").asString()).isEqualTo("DECODE");
        assertThat(pushdown.get("reasons")).singleElement().satisfies(r -> {
            assertThat(r.get("code").asString()).isEqualTo("SOURCE_NOT_POSTGRESQL");
            assertThat(r.has("field")).isFalse();
            assertThat(r.get("message").asString()).contains("MARIADB");
        });
        assertThat(verdicts(pushdown).values()).hasSize(12).containsOnly("MAPPING_DECODED");
    }

    @Test
    void aMappingWithErrorsSaysNothingOfHowItWouldLoad() {
        Tenant t = tenant();
        JsonNode validation = validate(t, withField(benchmark(t.connection()), 4, "birth_date", "parse_date(no_such_column, 'MM/DD/YYYY')"));

        assertThat(validation.get("valid").asBoolean()).isFalse();
        assertThat(validation.has("pushdown")).isFalse();
    }

    private void assertRule(Tenant t, Map<String, Object> spec, String field, String code) {
        JsonNode v = validate(t, spec);
        assertThat(v.get("valid").asBoolean()).as(code).isFalse();
        List<String> found = new ArrayList<>();
        v.get("errors").forEach(e -> found.add(e.get("field").asString() + " " + e.get("code").asString()));
        assertThat(found).as(v.toString()).contains(field + " " + code);
    }

    private static Map<String, Object> with(Map<String, Object> spec, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(spec);
        copy.put(key, value);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withField(Map<String, Object> spec, int index, String target, String expression) {
        List<Map<String, String>> fields = new ArrayList<>((List<Map<String, String>>) spec.get("fields"));
        if ("notes".equals(target) && index == 9) {
            fields.remove(9); // drops "active": required, no default
        } else {
            fields.set(index, Map.of("target", target, "expression", expression));
        }
        return with(spec, "fields", fields);
    }

    private static List<ConsumerRecord<String, byte[]>> savedEvents(String mappingId, int expected) {
        return events(Topics.MAPPING_SAVED, mappingId, expected);
    }

    private static List<ConsumerRecord<String, byte[]>> events(String topic, String mappingId, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "mapping-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (mappingId.equals(r.key())) {
                        found.add(r);
                    }
                });
                if (found.size() >= expected) {
                    // keep polling briefly: a duplicate would show up now
                    deadline = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(2).toNanos());
                }
            }
        }
        return found;
    }
}
