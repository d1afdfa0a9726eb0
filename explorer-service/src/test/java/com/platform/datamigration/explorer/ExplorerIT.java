package com.platform.datamigration.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platform.datamigration.contracts.ConnectionCreated;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.EventHeaders;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.localstack.Ports;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.support.testing.ConnectionServiceStub;
import com.platform.datamigration.testing.PortForward;
import com.platform.datamigration.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The explorer against real PostgreSQL and MariaDB sources built to be hard to read. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExplorerIT {

    private static final ConnectionServiceStub CONNECTIONS = new ConnectionServiceStub(Service.EXPLORER);
    private static final int CLOSED_PORT = Ports.free();
    /** The platform's own server under an address nothing names. */
    private static final PortForward OWN_SERVER = new PortForward(TestStack.get().postgres().host(), TestStack.get().postgres().port());

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStack.get();
        // As the local stack runs it: logged in as explorer-service's own least-privilege role.
        Map<String, String> env = stack.serviceEnvironment(Service.EXPLORER);
        env.put("CONNECTION_SERVICE_URL", CONNECTIONS.url());
        env.put("DM_INTERNAL_CREDENTIAL", stack.secrets().internalCredential(Service.EXPLORER));
        // The platform's own server and a port forward to it are allowed too, as the local stack allows its demo source's
        // server: its own databases stay refused.
        env.put("DM_CONNECTIONS_ALLOWED_TARGETS", "127.0.0.1:" + TrickySources.PG.port() + "," + TrickySources.MARIADB.host()
                + ":" + TrickySources.MARIADB.port() + ",127.0.0.1:" + CLOSED_PORT + "," + stack.postgres().host() + ":"
                + stack.postgres().port() + ",127.0.0.1:" + OWN_SERVER.port());
        env.forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port + "/api/data-migration/explore")
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    private static String admin(String org) {
        return TestStack.get().tokens().mint(TokenRequest.admin(org));
    }

    /** A connection of a fresh organization, known to the credentials stub. */
    private record Source(String org, String id) {
    }

    private static Source postgres() {
        Source s = new Source("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
        CONNECTIONS.add(s.id(), s.org(), "POSTGRESQL", "127.0.0.1", TrickySources.PG.port(), "tricky", TrickySources.USER,
                TrickySources.PASSWORD);
        return s;
    }

    private static Source mariadb() {
        Source s = new Source("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
        CONNECTIONS.add(s.id(), s.org(), "MARIADB", TrickySources.MARIADB.host(), TrickySources.MARIADB.port(),
                TrickySources.MARIADB_DATABASE, TrickySources.USER, TrickySources.PASSWORD);
        return s;
    }

    private JsonNode get(Source s, String uri, Object... vars) {
        byte[] body = client().get().uri(uri, vars).headers(h -> h.setBearerAuth(admin(s.org()))).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return json.readTree(body);
    }

    private JsonNode discover(Source s) {
        byte[] started = client().post().uri("/connections/{id}/discover", s.id()).headers(h -> h.setBearerAuth(admin(s.org())))
                .exchange().expectStatus().isAccepted().expectHeader().exists("Location")
                .expectBody().returnResult().getResponseBody();
        String discovery = json.readTree(started).get("id").asString();
        JsonNode[] done = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            done[0] = get(s, "/discoveries/{id}", discovery);
            return !"RUNNING".equals(done[0].get("status").asString());
        });
        return done[0];
    }

    private JsonNode table(Source s, String schema, String name) {
        return get(s, "/connections/" + s.id() + "/table?schema={schema}&name={name}", schema, name);
    }

    @Test
    void aPostgresCatalogIsDiscoveredExactly() throws Exception {
        Source s = postgres();
        JsonNode discovery = discover(s);
        assertThat(discovery.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(get(s, "/connections/{id}/snapshots", s.id()).size()).isEqualTo(1);

        JsonNode order = table(s, "Sales", "Order");
        assertThat(order.get("primaryKey").toString()).isEqualTo("[\"Id\",\"LineNo\"]");
        assertThat(order.get("columns").get(2).get("name").asString()).isEqualTo("select");
        JsonNode amount = order.get("columns").get(3);
        assertThat(amount.get("nativeType").asString()).isEqualTo("numeric(12,2)");
        assertThat(amount.get("normalizedType").asString()).isEqualTo("DECIMAL");
        assertThat(amount.get("precision").asInt()).isEqualTo(12);
        assertThat(amount.get("scale").asInt()).isEqualTo(2);
        assertThat(amount.get("nullable").asBoolean()).isFalse();
        assertThat(amount.get("defaultValue").asString()).isEqualTo("0");

        JsonNode orders = table(s, "public", "orders");
        assertThat(orders.get("foreignKeys").get(0).get("columns").toString()).isEqualTo("[\"customer_id\"]");
        assertThat(orders.get("foreignKeys").get(0).get("referencedTable").asString()).isEqualTo("customers");
        assertThat(orders.get("foreignKeys").get(0).get("referencedColumns").toString()).isEqualTo("[\"id\"]");
        assertThat(orders.get("indexes").toString()).contains("orders_by_customer", "[\"customer_id\",\"placed\"]");
        assertThat(table(s, "public", "customers").get("uniqueConstraints").get(0).get("columns").toString()).isEqualTo("[\"email\"]");
        assertThat(table(s, "public", "customers").get("columns").get(1).get("length").asInt()).isEqualTo(120);
        assertThat(table(s, "public", "no_pk_log").get("primaryKey").size()).isZero();
        assertThat(table(s, "public", "active_customers").get("kind").asString()).isEqualTo("VIEW");
        assertThat(table(s, "public", "pacientes_ñandú").get("columns").get(0).get("name").asString()).isEqualTo("número");
        JsonNode evil = table(s, "public", "a\"; DROP TABLE t;--");
        assertThat(evil.get("columns").get(1).get("name").asString()).isEqualTo("x\"y");

        Map<String, String> types = new java.util.LinkedHashMap<>();
        table(s, "public", "all_types").get("columns").forEach(c -> types.put(c.get("name").asString(), c.get("normalizedType").asString()));
        assertThat(types).containsEntry("n", "DECIMAL").containsEntry("f", "FLOAT64").containsEntry("r", "FLOAT32")
                .containsEntry("i2", "INT16").containsEntry("i8", "INT64").containsEntry("b", "BOOLEAN").containsEntry("d", "DATE")
                .containsEntry("t", "TIME").containsEntry("ts", "TIMESTAMP").containsEntry("tstz", "TIMESTAMPTZ")
                .containsEntry("j", "JSON").containsEntry("jb", "JSON").containsEntry("ba", "BYTES").containsEntry("u", "UUID")
                .containsEntry("arr", "ARRAY").containsEntry("txt", "STRING").containsEntry("vc", "STRING")
                .containsEntry("ch", "STRING").containsEntry("iv", "INTERVAL").containsEntry("m", "ENUM");

        JsonNode page = get(s, "/connections/{id}/tables?q=ORDER&size=1", s.id());
        assertThat(page.get("totalElements").asInt()).isEqualTo(2);
        assertThat(page.get("items").size()).isEqualTo(1);
        assertThat(get(s, "/connections/{id}/tables?size=500", s.id()).get("totalElements").asInt()).isEqualTo(11);
    }

    @Test
    void sampleAndProfileWorkOnEveryTableAndTheSentinelSurvives() throws Exception {
        Source s = postgres();
        discover(s);
        JsonNode tables = get(s, "/connections/{id}/tables?size=500", s.id()).get("items");
        for (JsonNode t : tables) {
            String schema = t.get("schema").asString();
            String name = t.get("name").asString();
            JsonNode sample = get(s, "/connections/" + s.id() + "/table/sample?schema={s}&name={n}&limit=5", schema, name);
            assertThat(sample.get("columns").size()).as(name).isEqualTo(t.get("columnCount").asInt());
            JsonNode profile = get(s, "/connections/" + s.id() + "/table/profile?schema={s}&name={n}", schema, name);
            assertThat(profile.get("columns").size()).as(name).isEqualTo(t.get("columnCount").asInt());
        }
        JsonNode allTypes = get(s, "/connections/{id}/tables/public.all_types/sample?limit=2", s.id());
        String first = allTypes.get("rows").get(0).toString();
        assertThat(first).contains("3q2+7w==", "[1,2,3]", "2024-02-29", "happy", "33333333-3333-3333-3333-333333333333");
        JsonNode profile = get(s, "/connections/{id}/tables/public.all_types/profile", s.id());
        JsonNode txt = column(profile, "txt");
        assertThat(txt.get("nullFraction").asDouble()).isEqualTo(0.5);
        assertThat(txt.get("maxLength").asInt()).isEqualTo(9);
        assertThat(column(profile, "i8").get("max").asString()).isEqualTo("9223372036854775807");
        JsonNode logProfile = get(s, "/connections/{id}/tables/public.no_pk_log/profile", s.id());
        assertThat(column(logProfile, "msg").get("distinctEstimate").asInt()).isEqualTo(1);

        try (Connection c = TrickySources.PG.connect("tricky"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sentinel")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    private static JsonNode column(JsonNode profile, String name) {
        for (JsonNode c : profile.get("columns")) {
            if (c.get("column").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name + " in " + profile);
    }

    @Test
    void aMariaDbCatalogIsDiscoveredWithItsTypesAndKeys() throws Exception {
        Source s = mariadb();
        assertThat(discover(s).get("status").asString()).isEqualTo("SUCCEEDED");
        String db = TrickySources.MARIADB_DATABASE;
        assertThat(table(s, db, "Order Lines").get("primaryKey").toString()).isEqualTo("[\"Id\",\"LineNo\"]");
        JsonNode customers = table(s, db, "customers");
        Map<String, String> types = new java.util.LinkedHashMap<>();
        customers.get("columns").forEach(c -> types.put(c.get("name").asString(), c.get("normalizedType").asString()));
        assertThat(types).containsEntry("status", "ENUM").containsEntry("tags", "SET").containsEntry("photo", "BYTES")
                .containsEntry("born", "DATE").containsEntry("seen", "TIMESTAMP").containsEntry("ok", "BOOLEAN");
        assertThat(customers.get("columns").get(2).get("nativeType").asString()).isEqualTo("enum('new','active','gone')");
        assertThat(table(s, db, "orders").get("foreignKeys").get(0).get("referencedTable").asString()).isEqualTo("customers");
        assertThat(table(s, db, "active_customers").get("kind").asString()).isEqualTo("VIEW");
        assertThat(table(s, db, "a\"; DROP TABLE t;--").get("columns").get(1).get("name").asString()).isEqualTo("x`y");
        JsonNode sample = get(s, "/connections/" + s.id() + "/table/sample?schema={s}&name={n}", db, "customers");
        assertThat(sample.get("rows").get(0).toString()).contains("vip,new", "3q2+7w==", "1990-01-02");
        JsonNode profile = get(s, "/connections/" + s.id() + "/table/profile?schema={s}&name={n}", db, "a\"; DROP TABLE t;--");
        assertThat(profile.get("sampledRows").asInt()).isEqualTo(1);
        for (JsonNode t : get(s, "/connections/{id}/tables?size=500", s.id()).get("items")) {
            String name = t.get("name").asString();
            assertThat(get(s, "/connections/" + s.id() + "/table/sample?schema={s}&name={n}", db, name).get("columns").size())
                    .as(name).isEqualTo(t.get("columnCount").asInt());
            assertThat(get(s, "/connections/" + s.id() + "/table/profile?schema={s}&name={n}", db, name).get("columns").size())
                    .as(name).isEqualTo(t.get("columnCount").asInt());
        }
        try (Connection c = TrickySources.MARIADB.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sentinel")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void driftBetweenSnapshotsSaysExactlyWhatChangedAndIsPublished() throws Exception {
        Source s = postgres();
        discover(s);
        TrickySources.onPostgres("ALTER TABLE drifting ADD COLUMN added text", "ALTER TABLE drifting DROP COLUMN gone",
                "ALTER TABLE drifting ALTER COLUMN retyped TYPE bigint", "ALTER TABLE to_rename RENAME TO renamed");
        try {
            discover(s);
            JsonNode drift = get(s, "/connections/{id}/drift", s.id()).get("drift");
            assertThat(drift.get("tablesAdded").size()).isZero();
            assertThat(drift.get("tablesRemoved").size()).isZero();
            assertThat(drift.get("tablesRenamed").toString())
                    .isEqualTo("[{\"from\":{\"schema\":\"public\",\"table\":\"to_rename\"},\"to\":{\"schema\":\"public\",\"table\":\"renamed\"}}]");
            assertThat(drift.get("tablesChanged").toString()).isEqualTo("[{\"table\":{\"schema\":\"public\",\"table\":\"drifting\"},"
                    + "\"columnsAdded\":[\"added\"],\"columnsRemoved\":[\"gone\"],\"columnsChanged\":[{\"column\":\"retyped\","
                    + "\"fromType\":\"integer\",\"toType\":\"bigint\",\"fromNullable\":true,\"toNullable\":true}]}]");
            assertThat(driftEvents(s.id())).hasSize(1);
        } finally {
            TrickySources.onPostgres("ALTER TABLE drifting DROP COLUMN added", "ALTER TABLE drifting ADD COLUMN gone text",
                    "ALTER TABLE drifting ALTER COLUMN retyped TYPE int", "ALTER TABLE renamed RENAME TO to_rename");
        }
    }

    private static List<ConsumerRecord<String, byte[]>> driftEvents(String connectionId) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "drift-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CATALOG_DRIFT));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && found.isEmpty()) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (connectionId.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    @Test
    void aCreatedConnectionIsDiscoveredAutomatically() throws Exception {
        Source s = postgres();
        ConnectionCreated created = new ConnectionCreated(ConnectionId.of(s.id()), OrganizationId.of(s.org()), 1, "tricky",
                DatabaseType.POSTGRESQL, "127.0.0.1", TrickySources.PG.port(), "tricky", Instant.now());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CONNECTION_CREATED, s.id(), json.writeValueAsBytes(created));
            record.headers().add(EventHeaders.EVENT_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.EVENT_TYPE, "ConnectionCreated".getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.ORGANIZATION_ID, s.org().getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> get(s, "/connections/{id}/snapshots", s.id()).size() == 1);
    }

    @Test
    void discoveriesAreRateLimitedPerOrganization() {
        Source s = postgres();
        for (int i = 0; i < 30; i++) {
            client().post().uri("/connections/{id}/discover", s.id()).headers(h -> h.setBearerAuth(admin(s.org())))
                    .exchange().expectStatus().isAccepted();
        }
        client().post().uri("/connections/{id}/discover", s.id()).headers(h -> h.setBearerAuth(admin(s.org())))
                .exchange().expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "60")
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED");
        Source other = postgres();
        client().post().uri("/connections/{id}/discover", other.id()).headers(h -> h.setBearerAuth(admin(other.org())))
                .exchange().expectStatus().isAccepted();
    }

    @Test
    void unknownTablesOtherOrganizationsAndUnreachableSourcesAnswerClearly() {
        Source s = postgres();
        discover(s);
        client().get().uri("/connections/{id}/tables/public.nope/sample", s.id()).headers(h -> h.setBearerAuth(admin(s.org())))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("TABLE_NOT_IN_CATALOG");
        client().get().uri("/connections/{id}/tables", s.id()).headers(h -> h.setBearerAuth(admin("org-" + UUID.randomUUID())))
                .exchange().expectStatus().isNotFound();
        client().post().uri("/connections/{id}/discover", s.id()).headers(h -> h.setBearerAuth(admin("org-" + UUID.randomUUID())))
                .exchange().expectStatus().isNotFound();
        client().get().uri("/connections/{id}/snapshots", s.id()).headers(h -> h.setBearerAuth(admin("org-" + UUID.randomUUID())))
                .exchange().expectStatus().isNotFound();
        client().get().uri("/connections/{id}/snapshots", UUID.randomUUID()).headers(h -> h.setBearerAuth(admin(s.org())))
                .exchange().expectStatus().isNotFound();
        Source undiscovered = postgres();
        assertThat(get(undiscovered, "/connections/{id}/snapshots", undiscovered.id()).size()).as("no snapshot yet").isZero();

        Source down = new Source("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
        CONNECTIONS.add(down.id(), down.org(), "POSTGRESQL", "127.0.0.1", CLOSED_PORT, "x", "u", "p");
        JsonNode failed = discover(down);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failureCode").asString()).isEqualTo("UNREACHABLE");
        assertThat(failed.get("failureMessage").asString()).isEqualTo("No database server answered at this host and port.");
        // A closed port fails at once; it is recorded as failed only after the longest a silent port could take
        // (twice the 3 s connect timeout the stub gives), so the discovery's times do not tell which ports are open.
        assertThat(Duration.between(Instant.parse(failed.get("startedAt").asString()), Instant.parse(failed.get("finishedAt").asString())))
                .isGreaterThanOrEqualTo(Duration.ofMillis(5_900));
        client().get().uri("/connections/{id}/tables", down.id()).headers(h -> h.setBearerAuth(admin(down.org())))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NO_SNAPSHOT");
    }

    @Test
    void thePlatformsOwnDatabasesAreNeverDiscoveredUnderAnyAddress() {
        TestStack stack = TestStack.get();
        stack.postgres().createDatabaseIfMissing("dm_connection");
        for (String host : List.of(stack.postgres().host(), "localhost", "127.0.0.2", "::1")) {
            for (String database : List.of("dm_explorer", "dm_connection")) {
                Source s = new Source("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
                CONNECTIONS.add(s.id(), s.org(), "POSTGRESQL", host, stack.postgres().port(), database, stack.postgres().user(),
                        stack.postgres().password());
                client().post().uri("/connections/{id}/discover", s.id()).headers(h -> h.setBearerAuth(admin(s.org()))).exchange()
                        .expectStatus().isEqualTo(422)
                        .expectBody()
                        .jsonPath("$.code").isEqualTo("PLATFORM_DATABASE")
                        .jsonPath("$.errors[0].field").isEqualTo("database");
                assertThat(get(s, "/connections/{id}/snapshots", s.id()).size()).as("%s at %s", database, host).isZero();
            }
        }
        // Through the forward the server is recognised once connected: the discovery fails without a snapshot.
        Source forwarded = new Source("org-" + UUID.randomUUID(), UUID.randomUUID().toString());
        CONNECTIONS.add(forwarded.id(), forwarded.org(), "POSTGRESQL", "127.0.0.1", OWN_SERVER.port(), "dm_connection",
                stack.postgres().user(), stack.postgres().password());
        JsonNode done = discover(forwarded);
        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("failureCode").asString()).isEqualTo("PLATFORM_DATABASE");
        assertThat(get(forwarded, "/connections/{id}/snapshots", forwarded.id()).size()).isZero();
        assertThat(OWN_SERVER.sent()).contains("pg_postmaster_start_time").doesNotContain("information_schema")
                .doesNotContain("pg_namespace");
    }
}
