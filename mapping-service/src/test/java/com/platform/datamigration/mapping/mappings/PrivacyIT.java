package com.platform.datamigration.mapping.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.support.catalog.PostgresCatalog;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.testing.ConnectionServiceStub;
import com.platform.datamigration.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keyed hashes: each organization's key is derived from the platform's secret, so the same value hashes the same within
 * an organization and differently in another; the mapping is decoded in Java, and neither the secret nor a key appears in
 * any response, log line, event or stored row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PrivacyIT {

    private static final ExplorerStub EXPLORER = new ExplorerStub();
    private static final ConnectionServiceStub CONNECTIONS = new ConnectionServiceStub(Service.MAPPING);
    private static final String TARGET_DB = "privacy_target";
    private static final String SOURCE_DB = "privacy_source";
    private static final String SECRET = "CANARY-HMAC-" + UUID.randomUUID();
    private static String people;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStack.get();
        TestStack.register(registry, "dm_mapping");
        stack.postgres().createDatabaseIfMissing(TARGET_DB);
        try (Connection c = stack.postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS person_token (organization_id text NOT NULL, id bigint NOT NULL, email_hash text,
                      card text, ref uuid, PRIMARY KEY (organization_id, id))
                    """);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        registry.add("PLATFORM_DB", () -> TARGET_DB);
        registry.add("EXPLORER_SERVICE_URL", EXPLORER::url);
        registry.add("CONNECTION_SERVICE_URL", CONNECTIONS::url);
        registry.add("DM_INTERNAL_CREDENTIAL", () -> stack.secrets().internalCredential(Service.MAPPING));
        registry.add("DM_HMAC_SECRET", () -> SECRET);
    }

    @BeforeAll
    static void sourceCatalog() throws Exception {
        TestStack stack = TestStack.get();
        if (stack.postgres().createDatabaseIfMissing(SOURCE_DB)) {
            try (Connection c = stack.postgres().connect(SOURCE_DB); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text, card text)");
                st.execute("""
                        INSERT INTO people VALUES (1, 'ana@example.org', '4111111111111111'), (2, 'bo@example.org', '😀12'),
                          (3, NULL, NULL), (4, 'ana@example.org', 'e\u0301xyz')
                        """);
            }
        }
        List<TableInfo> tables = new ArrayList<>();
        try (Connection c = stack.postgres().connect(SOURCE_DB)) {
            c.setAutoCommit(false);
            new PostgresCatalog().discover(c, tables::add);
        }
        people = JsonMapper.builder().build().writeValueAsString(tables.stream().filter(t -> t.name().equals("people")).findFirst()
                .orElseThrow());
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    private record Tenant(String org, String connection) {
    }

    private static Tenant tenant() {
        Tenant t = new Tenant("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
        EXPLORER.add(t.connection(), t.org(), "public", "people", people);
        CONNECTIONS.add(t.connection(), t.org(), "POSTGRESQL", "127.0.0.1", TestStack.get().postgres().port(), SOURCE_DB,
                "postgres", "unused-with-trust");
        return t;
    }

    private static Map<String, Object> spec(Tenant t) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "tokens " + UUID.randomUUID());
        spec.put("source", Map.of("connectionId", t.connection(), "schema", "public", "table", "people"));
        spec.put("target", Map.of("schema", "public", "table", "person_token"));
        spec.put("key", List.of("id"));
        spec.put("onConflict", "UPSERT");
        spec.put("fields", List.of(Map.of("target", "id", "expression", "id"),
                Map.of("target", "email_hash", "expression", "hmac_sha256(email)"),
                Map.of("target", "card", "expression", "mask(card, keep_last => 2)"),
                Map.of("target", "ref", "expression", "uuid_v5('url', concat('person:', to_text(id)))")));
        return spec;
    }

    private String exchange(List<String> responses, HttpMethod method, String path, Tenant t, Object body) {
        var request = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port + "/api/data-migration/mappings")
                .responseTimeout(Duration.ofSeconds(30)).build().method(method).uri(path)
                .headers(h -> h.setBearerAuth(TestStack.get().tokens().mint(TokenRequest.admin(t.org()))));
        var result = (body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange())
                .expectBody().returnResult();
        String text = result.getResponseBody() == null ? "" : new String(result.getResponseBody(), StandardCharsets.UTF_8);
        responses.add(result.getStatus() + " " + result.getResponseHeaders() + " " + text);
        assertThat(result.getStatus().is2xxSuccessful()).as(method + " " + path + ": " + text).isTrue();
        return text;
    }

    /** id → email_hash of a preview. */
    private Map<Long, JsonNode> preview(List<String> responses, Tenant t, String id) {
        JsonNode preview = json.readTree(exchange(responses, HttpMethod.POST, "/" + id + "/preview?limit=20", t, null));
        Map<Long, JsonNode> out = new LinkedHashMap<>();
        preview.get("items").forEach(r -> {
            assertThat(r.get("errors").size()).as(r.toString()).isZero();
            out.put(r.get("source").get("id").asLong(), r.get("mapped"));
        });
        return out;
    }

    @Test
    void keyedHashesDifferByOrganizationStayWithinOneAndNeitherSecretNorKeyAppearsAnywhere(CapturedOutput output) throws Exception {
        List<String> responses = new ArrayList<>();
        Tenant a = tenant();
        Tenant b = tenant();

        JsonNode validation = json.readTree(exchange(responses, HttpMethod.POST, "/validate", a, spec(a)));
        assertThat(validation.get("valid").asBoolean()).as(validation.toString()).isTrue();
        JsonNode pushdown = validation.get("pushdown");
        assertThat(pushdown.get("path").asString()).as(pushdown.toString()).isEqualTo("DECODE");
        JsonNode hashed = pushdown.get("fields").get("email_hash");
        assertThat(hashed.get("pushesDown").asBoolean()).isFalse();
        assertThat(hashed.get("reason").asString()).isEqualTo("JAVA_ONLY_FUNCTION");
        assertThat(hashed.get("message").asString()).contains("hashing key");
        assertThat(pushdown.get("fields").get("ref").get("reason").asString()).isEqualTo("JAVA_ONLY_FUNCTION");

        String idA = json.readTree(exchange(responses, HttpMethod.POST, "", a, spec(a))).get("id").asString();
        String idB = json.readTree(exchange(responses, HttpMethod.POST, "", b, spec(b))).get("id").asString();
        exchange(responses, HttpMethod.GET, "/" + idA, a, null);
        exchange(responses, HttpMethod.GET, "/" + idA + "/versions/1", a, null);
        exchange(responses, HttpMethod.GET, "", a, null);

        Map<Long, JsonNode> first = preview(responses, a, idA);
        Map<Long, JsonNode> again = preview(responses, a, idA);
        Map<Long, JsonNode> other = preview(responses, b, idB);
        assertThat(first.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        for (long id : first.keySet()) {
            assertThat(again.get(id).get("email_hash")).isEqualTo(first.get(id).get("email_hash"));
        }
        String ana = first.get(1L).get("email_hash").asString();
        assertThat(ana).matches("[0-9a-f]{64}").isEqualTo(first.get(4L).get("email_hash").asString())
                .isEqualTo(hmac(key(a.org()), "ana@example.org"));
        assertThat(other.get(1L).get("email_hash").asString()).isNotEqualTo(ana).isEqualTo(hmac(key(b.org()), "ana@example.org"));
        assertThat(first.get(3L).path("email_hash").isNull() || first.get(3L).path("email_hash").isMissingNode()).isTrue();
        assertThat(first.get(1L).get("card").asString()).isEqualTo("**************11");
        assertThat(first.get(2L).get("card").asString()).isEqualTo("*12");
        assertThat(first.get(4L).get("card").asString()).isEqualTo("***yz");
        assertThat(first.get(1L).get("ref").asString()).isEqualTo(other.get(1L).get("ref").asString()).hasSize(36);

        List<String> canaries = new ArrayList<>(List.of(SECRET));
        for (Tenant t : List.of(a, b)) {
            canaries.add(HexFormat.of().formatHex(key(t.org())));
            canaries.add(Base64.getEncoder().encodeToString(key(t.org())));
        }
        for (String canary : canaries) {
            assertThat(responses).as("responses").noneMatch(r -> r.contains(canary));
            assertThat(output.getAll()).as("log output").doesNotContain(canary);
            assertThat(recordsMentioning(canary)).as("events").isZero();
            assertThat(rowsMentioning("dm_mapping", canary)).as("stored rows").isZero();
        }
        assertThat(output.getAll()).as("the capture sees the service's log").isNotEmpty();
    }

    /** The organization's key as the platform derives it: HMAC-SHA-256(secret, "dm-hmac-v1:" + organization). */
    private static byte[] key(String org) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(("dm-hmac-v1:" + org).getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(byte[] key, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static long rowsMentioning(String database, String canary) throws Exception {
        long found = 0;
        try (Connection c = TestStack.get().postgres().connect(database)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("mapping", "mapping_version", "outbox");
            for (String table : tables) {
                try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM public.\"" + table + "\" t WHERE t::text LIKE ?")) {
                    st.setString(1, "%" + canary + "%");
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        found += rs.getLong(1);
                    }
                }
            }
        }
        return found;
    }

    private static int recordsMentioning(String canary) {
        int found = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "privacy-canary-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.MAPPING_SAVED, Topics.deadLetterTopic("mapping-service")));
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
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
