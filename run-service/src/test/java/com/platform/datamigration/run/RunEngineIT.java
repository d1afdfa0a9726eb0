package com.platform.datamigration.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.localstack.StackEnvironment;
import com.platform.datamigration.support.catalog.CatalogDialect;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.testing.ConnectionServiceStub;
import com.platform.datamigration.testing.TestStack;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs end to end against real PostgreSQL (source and target), real MariaDB and a real Kafka broker, with the api
 * role in this JVM and the worker role in two separate worker processes (the packaged jar), as SREs scale them.
 * Every result is checked independently of the engine: the target's rows against the source's rows mapped by the
 * benchmark's own SQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"dm.run.roles=api", "dm.run.lease=6s"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunEngineIT {

    static final TestStack STACK = TestStack.get();
    static final ConnectionServiceStub CONNECTIONS = new ConnectionServiceStub(Service.RUN);
    static final CatalogStub CATALOG = new CatalogStub();
    static final String ORG = "org-runs";
    /** A second organization with its own connections to the same source: the same legacy keys. */
    static final String ORG2 = "org-runs-two";
    static final String SOURCE_DB = "run_source";
    static final String TARGET_DB = "platform";
    static final int ROWS = 40_000;
    static final List<Long> BAD_ROWS = List.of(777L, 12_345L, 30_001L);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<Process> WORKERS = new ArrayList<>();

    static final String PG_CONNECTION = UUID.randomUUID().toString();
    static final String PG_WRONG_PASSWORD = UUID.randomUUID().toString();
    static final String MARIADB_CONNECTION = UUID.randomUUID().toString();
    static final String PG_CONNECTION_2 = UUID.randomUUID().toString();
    static final String PG_CONNECTION_3 = UUID.randomUUID().toString();
    static final String ORG3 = "org-runs-three";

    @LocalServerPort
    int port;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.registerWithMariaDb(registry, "dm_run");
        registry.add("CONNECTION_SERVICE_URL", CONNECTIONS::url);
        registry.add("MAPPING_SERVICE_URL", CATALOG::url);
        registry.add("EXPLORER_SERVICE_URL", CATALOG::url);
        registry.add("DM_INTERNAL_CREDENTIAL", () -> STACK.secrets().internalCredential(Service.RUN));
    }

    @BeforeAll
    static void data() throws Exception {
        STACK.postgres().createDatabaseIfMissing("dm_run");
        STACK.postgres().createDatabaseIfMissing(SOURCE_DB);
        STACK.postgres().createDatabaseIfMissing(TARGET_DB);
        try (Connection c = STACK.postgres().connect(SOURCE_DB); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS legacy_patients");
            st.execute("""
                    CREATE TABLE legacy_patients (
                      patient_id bigint PRIMARY KEY, mrn varchar(20) NOT NULL, first_nm varchar(60), last_nm varchar(60),
                      dob_txt varchar(10), sex_cd char(1), email_addr varchar(120), phone_no varchar(20), balance_txt varchar(16),
                      is_active smallint, created_ts timestamp without time zone, notes text)
                    """);
            st.execute("""
                    INSERT INTO legacy_patients
                    SELECT g, 'MRN' || lpad(g::text, 10, '0'),
                           (ARRAY['Ana','Bo','Chen','Dmitri','Eve','Fatima','Gus','Hiro','Ines','José'])[1 + g % 10] || ' ',
                           (ARRAY['Ng','Smith','Okafor','Müller','García','Kowalski','Haddad','Sato','Nguyen','O''Brien'])[1 + (g / 10) % 10],
                           to_char(date '1940-01-01' + (g % 25000), 'MM/DD/YYYY'), (ARRAY['F','M','U'])[1 + g % 3],
                           'patient' || g || '@example.org', '+1-555-' || lpad((g % 10000000)::text, 7, '0'),
                           to_char((g % 100000) / 100.0, 'FM999990.00'), (g % 7 <> 0)::int,
                           timestamp '2001-01-01' + (g || ' minutes')::interval,
                           CASE WHEN g % 5 = 0 THEN NULL ELSE repeat('note ', 1 + g % 8) || E'\\t"tab' END
                    FROM generate_series(1, ROWS) AS g
                    """.replace("ROWS", Integer.toString(ROWS)));
            st.execute("UPDATE legacy_patients SET dob_txt = 'unknown' WHERE patient_id IN (" + join(BAD_ROWS) + ")");
            st.execute("ANALYZE legacy_patients");
            // A log table without any key: chunked by physical position.
            st.execute("DROP TABLE IF EXISTS visit_log");
            st.execute("CREATE TABLE visit_log (visit_no bigint NOT NULL, note text, seen timestamp without time zone)");
            st.execute("""
                    INSERT INTO visit_log SELECT g, 'visit ' || g || repeat('.', g % 50), timestamp '2020-01-01' + (g || ' seconds')::interval
                    FROM generate_series(1, 20000) AS g ORDER BY random()
                    """);
            st.execute("ANALYZE visit_log");
            // Two rows whose keys span the whole 64-bit range.
            st.execute("DROP TABLE IF EXISTS extreme_keys");
            st.execute("CREATE TABLE extreme_keys (id bigint PRIMARY KEY, note text, seen timestamp without time zone)");
            st.execute("INSERT INTO extreme_keys VALUES (-9223372036854775808, 'min', '2020-01-01'), (9223372036854775807, 'max', '2020-01-02')");
            st.execute("ANALYZE extreme_keys");
            // Wards and their beds: a bed's ward is translated by lookup('wards', ward_code).
            st.execute("DROP TABLE IF EXISTS legacy_wards, legacy_beds");
            st.execute("CREATE TABLE legacy_wards (ward_code text PRIMARY KEY, ward_nm text NOT NULL)");
            st.execute("INSERT INTO legacy_wards SELECT 'W' || g, 'Ward ' || g FROM generate_series(1, 20) AS g");
            st.execute("CREATE TABLE legacy_beds (bed_no bigint PRIMARY KEY, ward_code text NOT NULL)");
            st.execute("INSERT INTO legacy_beds SELECT g, 'W' || (1 + g % 20) FROM generate_series(1, 500) AS g");
            st.execute("ANALYZE legacy_wards; ANALYZE legacy_beds");
            // Visits keyed by (patient, visit number) across digit counts, an enum status, and a few bad values in every chunk.
            st.execute("DROP TABLE IF EXISTS legacy_visits");
            st.execute("DROP TYPE IF EXISTS visit_status");
            st.execute("CREATE TYPE visit_status AS ENUM ('booked', 'arrived', 'no-show', 'cancelled')");
            st.execute("""
                    CREATE TABLE legacy_visits (patient_id bigint NOT NULL, visit_no smallint NOT NULL, status visit_status NOT NULL,
                      length_min varchar(6), room varchar(12), PRIMARY KEY (patient_id, visit_no))
                    """);
            st.execute("""
                    INSERT INTO legacy_visits
                    SELECT p, n, (ARRAY['booked','arrived','no-show','cancelled']::visit_status[])[1 + (p + n) % 4],
                           CASE WHEN p % 97 = 0 AND n = 1 THEN 'n/a' ELSE (15 * n)::text END,
                           CASE WHEN p % 89 = 0 AND n = 2 THEN 'R-' || p || '-long' ELSE 'R' || (p % 50) END
                    FROM generate_series(1, 3000) p, generate_series(1, 2) n
                    """);
            st.execute("ANALYZE legacy_visits");
        }
        try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            // Target tables shared by organizations: the tenant column is part of every key.
            st.execute("DROP TABLE IF EXISTS patient");
            st.execute("""
                    CREATE TABLE patient (
                      organization_id text NOT NULL, id bigint NOT NULL, medical_record_number text NOT NULL, given_name text,
                      family_name text, birth_date date, sex text NOT NULL DEFAULT 'unknown', email text, phone text,
                      balance numeric(12,2), active boolean NOT NULL, created_at timestamptz NOT NULL, notes text,
                      PRIMARY KEY (organization_id, id), UNIQUE (organization_id, medical_record_number))
                    """);
            st.execute("DROP TABLE IF EXISTS visit");
            st.execute("""
                    CREATE TABLE visit (organization_id text NOT NULL, id bigint NOT NULL, note text, seen_at timestamptz NOT NULL,
                      PRIMARY KEY (organization_id, id))
                    """);
            st.execute("DROP TABLE IF EXISTS member");
            st.execute("""
                    CREATE TABLE member (
                      organization_id text NOT NULL, id bigint NOT NULL, code text NOT NULL, joined_on date, fee numeric(10,2),
                      active boolean NOT NULL, seen_at timestamptz, PRIMARY KEY (organization_id, id))
                    """);
            st.execute("DROP TABLE IF EXISTS bed, ward");
            st.execute("""
                    CREATE TABLE ward (
                      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organization_id text NOT NULL, external_ref text NOT NULL,
                      name text NOT NULL, UNIQUE (organization_id, external_ref), UNIQUE (organization_id, id))
                    """);
            st.execute("""
                    CREATE TABLE bed (
                      organization_id text NOT NULL, id bigint NOT NULL, ward_id bigint NOT NULL, PRIMARY KEY (organization_id, id),
                      FOREIGN KEY (organization_id, ward_id) REFERENCES ward (organization_id, id))
                    """);
            st.execute("DROP TABLE IF EXISTS clinic_visit");
            st.execute("""
                    CREATE TABLE clinic_visit (organization_id text NOT NULL, legacy_key text NOT NULL, status text NOT NULL
                      CHECK (status IN ('booked', 'arrived', 'no_show', 'cancelled')), minutes integer, room varchar(6),
                      PRIMARY KEY (organization_id, legacy_key))
                    """);
            // A table of the platform without the tenant column: no run may write into it.
            st.execute("DROP TABLE IF EXISTS shared_setting");
            st.execute("CREATE TABLE shared_setting (id bigint PRIMARY KEY, note text)");
        }
        try (Connection c = STACK.mariadb().connect("mysql"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS run_members");
            st.execute("SET SESSION max_recursive_iterations = 100000");
            st.execute("DROP TABLE IF EXISTS run_members.members");
            st.execute("""
                    CREATE TABLE run_members.members (member_no int PRIMARY KEY, code varchar(12) NOT NULL, joined varchar(10),
                      fee varchar(12), flag tinyint, seen datetime(3))
                    """);
            st.execute("""
                    INSERT INTO run_members.members
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                    SELECT i, CONCAT('M-', i), DATE_FORMAT(DATE_ADD('1990-01-01', INTERVAL i DAY), '%m/%d/%Y'),
                           CONCAT(i % 500, '.', LPAD(i % 100, 2, '0')), i % 2, TIMESTAMP('2020-02-29 12:34:56.789') + INTERVAL i SECOND
                    FROM n
                    """);
        }
        String pgHost = STACK.postgres().host();
        CONNECTIONS.add(PG_CONNECTION, ORG, "POSTGRESQL", pgHost, STACK.postgres().port(), SOURCE_DB, STACK.postgres().user(),
                STACK.postgres().password());
        CONNECTIONS.add(PG_WRONG_PASSWORD, ORG, "POSTGRESQL", pgHost, STACK.postgres().port(), "no_such_database",
                STACK.postgres().user(), STACK.postgres().password());
        CONNECTIONS.add(MARIADB_CONNECTION, ORG, "MARIADB", STACK.mariadb().host(), STACK.mariadb().port(), "run_members",
                STACK.mariadb().user(), STACK.mariadb().password());
        CONNECTIONS.add(PG_CONNECTION_2, ORG2, "POSTGRESQL", pgHost, STACK.postgres().port(), SOURCE_DB, STACK.postgres().user(),
                STACK.postgres().password());
        CONNECTIONS.add(PG_CONNECTION_3, ORG3, "POSTGRESQL", pgHost, STACK.postgres().port(), SOURCE_DB, STACK.postgres().user(),
                STACK.postgres().password());
        try (Connection c = STACK.postgres().connect(SOURCE_DB)) {
            CATALOG.table(PG_CONNECTION, ORG, "public", "legacy_patients", tableJson(c, DatabaseType.POSTGRESQL, "legacy_patients"));
            CATALOG.table(PG_CONNECTION, ORG, "public", "visit_log", tableJson(c, DatabaseType.POSTGRESQL, "visit_log"));
            CATALOG.table(PG_CONNECTION, ORG, "public", "extreme_keys", tableJson(c, DatabaseType.POSTGRESQL, "extreme_keys"));
            CATALOG.table(PG_CONNECTION, ORG, "public", "legacy_visits", tableJson(c, DatabaseType.POSTGRESQL, "legacy_visits"));
            for (String[] tenant : new String[][] {{PG_CONNECTION, ORG}, {PG_CONNECTION_2, ORG2}, {PG_CONNECTION_3, ORG3}}) {
                for (String table : List.of("legacy_wards", "legacy_beds")) {
                    CATALOG.table(tenant[0], tenant[1], "public", table, tableJson(c, DatabaseType.POSTGRESQL, table));
                }
            }
            CATALOG.table(PG_CONNECTION_2, ORG2, "public", "legacy_patients", tableJson(c, DatabaseType.POSTGRESQL, "legacy_patients"));
        }
        try (Connection c = STACK.mariadb().connect("run_members")) {
            CATALOG.table(MARIADB_CONNECTION, ORG, "run_members", "members", tableJson(c, DatabaseType.MARIADB, "members"));
        }
        startWorker();
        startWorker();
    }

    @AfterAll
    static void stopWorkers() {
        WORKERS.forEach(Process::destroy);
    }

    private static String tableJson(Connection c, DatabaseType type, String name) throws SQLException {
        AtomicReference<TableInfo> found = new AtomicReference<>();
        CatalogDialect.of(type).discover(c, t -> {
            if (t.name().equals(name)) {
                found.set(t);
            }
        });
        return JSON.writeValueAsString(found.get());
    }

    /** A worker process: the packaged service in the worker role only, as SREs scale it. */
    static Process startWorker() throws Exception {
        Map<String, String> env = new HashMap<>(STACK.environment("dm_run"));
        env.put("DM_CONNECTIONS_ALLOWED_TARGETS", StackEnvironment.allowedTargets(STACK.postgres(), STACK.mariadb()));
        env.put("DM_RUN_ROLES", "worker");
        env.put("SERVER_PORT", "0");
        env.put("CONNECTION_SERVICE_URL", CONNECTIONS.url());
        env.put("DM_INTERNAL_CREDENTIAL", STACK.secrets().internalCredential(Service.RUN));
        env.put("SPRING_PROFILES_ACTIVE", "local");
        File log = new File("target/worker-" + (WORKERS.size() + 1) + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-jar", "target/run-service.jar").redirectErrorStream(true).redirectOutput(log);
        pb.environment().putAll(env);
        Process p = pb.start();
        WORKERS.add(p);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(p.isAlive()).as("worker process (see " + log + ")").isTrue();
            return Files.readString(log.toPath()).contains("Started RunServiceApplication");
        });
        return p;
    }

    // ------------------------------------------------------------------ helpers

    WebTestClient http() {
        return http(ORG);
    }

    WebTestClient http(String org) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer " + STACK.adminToken(org)).build();
    }

    static final String[][] BENCHMARK = {
        {"id", "patient_id"},
        {"medical_record_number", "mrn"},
        {"given_name", "trim(first_nm)"},
        {"family_name", "last_nm"},
        {"birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')"},
        {"sex", "map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')"},
        {"email", "email_addr"},
        {"phone", "phone_no"},
        {"balance", "to_decimal(balance_txt, 12, 2)"},
        {"active", "is_active <> 0"},
        {"created_at", "utc(created_ts)"},
        {"notes", "coalesce(notes, '')"},
    };

    static String mapping(String id, int version, String status, String name, String connection, String schema, String table,
            String targetTable, List<String> key, String[][] fields) {
        return mapping(id, version, status, name, connection, schema, table, targetTable, key, fields, Map.of());
    }

    /** With the mappings its lookups may name, as mapping-service answers them. */
    static String mapping(String id, int version, String status, String name, String connection, String schema, String table,
            String targetTable, List<String> key, String[][] fields, Map<String, Object> lookupTargets) {
        List<Map<String, String>> f = new ArrayList<>();
        for (String[] rule : fields) {
            f.add(Map.of("target", rule[0], "expression", rule[1]));
        }
        Map<String, Object> spec = new HashMap<>();
        spec.put("name", name);
        spec.put("source", Map.of("connectionId", connection, "schema", schema, "table", table));
        spec.put("target", Map.of("schema", "public", "table", targetTable));
        spec.put("key", key);
        spec.put("onConflict", "UPSERT");
        spec.put("fields", f);
        Map<String, Object> view = new HashMap<>();
        view.put("id", id);
        view.put("name", name);
        view.put("currentVersion", version);
        view.put("status", status);
        view.put("reviewReasons", "VALID".equals(status) ? List.of() : List.of("The source column dob_txt was removed."));
        view.put("spec", spec);
        return JSON.writeValueAsString(Map.of("mapping", view, "lookupTargets", lookupTargets));
    }

    String patientsMapping(int version, String[][] fields) {
        String id = UUID.randomUUID().toString();
        CATALOG.mapping(id, ORG, mapping(id, version, "VALID", "patients", PG_CONNECTION, "public", "legacy_patients", "patient",
                List.of("id"), fields));
        return id;
    }

    JsonNode start(String mappingId, String options) {
        return start(ORG, List.of(mappingId), options);
    }

    JsonNode start(String org, List<String> mappingIds, String options) {
        byte[] body = http(org).post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(Map.of("mappingIds", mappingIds, "options", JSON.readTree(options))))
                .exchange().expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    JsonNode run(String id) {
        return run(ORG, id);
    }

    JsonNode run(String org, String id) {
        return JSON.readTree(http(org).get().uri("/api/data-migration/runs/" + id).exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody());
    }

    JsonNode awaitStatus(String id, String... statuses) {
        return awaitStatusOf(ORG, id, statuses);
    }

    JsonNode awaitStatusOf(String org, String id, String... statuses) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            last.set(run(org, id));
            assertThat(last.get().path("status").asString()).as(last.get().toString()).isIn((Object[]) statuses);
        });
        return last.get();
    }

    static void truncate(String table) throws SQLException {
        try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            st.execute("TRUNCATE " + table);
        }
    }

    /** The benchmark's mapping as SQL on the source (the README's raw pipe), one md5 per row, by id. */
    static Map<Long, String> expectedPatients(boolean includeBad) throws SQLException {
        return hashes(SOURCE_DB, """
                SELECT patient_id, md5(ROW(patient_id, mrn, btrim(first_nm), last_nm,
                    CASE WHEN dob_txt = 'unknown' THEN date '1900-01-01' ELSE to_date(dob_txt, 'MM/DD/YYYY') END,
                    CASE sex_cd WHEN 'F' THEN 'female' WHEN 'M' THEN 'male' ELSE 'unknown' END, email_addr, phone_no,
                    balance_txt::numeric(12,2), is_active <> 0, created_ts AT TIME ZONE 'UTC', coalesce(notes, ''))::text)
                FROM legacy_patients""" + (includeBad ? "" : " WHERE dob_txt <> 'unknown'"));
    }

    static Map<Long, String> targetPatients() throws SQLException {
        return targetPatients(ORG);
    }

    /** One organization's patients, one md5 per row, by id. */
    static Map<Long, String> targetPatients(String org) throws SQLException {
        return hashes(TARGET_DB, """
                SELECT id, md5(ROW(id, medical_record_number, given_name, family_name, birth_date, sex, email, phone, balance,
                    active, created_at, notes)::text) FROM patient WHERE organization_id = '""" + org + "'");
    }

    static Map<Long, String> hashes(String database, String sql) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (Connection c = STACK.postgres().connect(database); Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    assertThat(out.put(rs.getLong(1), rs.getString(2))).as("duplicate id " + rs.getLong(1)).isNull();
                }
            }
        }
        return out;
    }

    static long count(String database, String sql) throws SQLException {
        try (Connection c = STACK.postgres().connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String join(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void loadsThroughTheBinaryPipeQuarantinesBadRowsAndReplaysThemAfterTheFix() throws Exception {
        truncate("patient");
        String mappingId = patientsMapping(1, BENCHMARK);
        List<ConsumerRecord<String, byte[]>> progress = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = progressConsumer()) {
            JsonNode started = start(mappingId, "{\"chunkSize\":2000}");
            String runId = started.path("id").asString();
            assertThat(started.path("status").asString()).isEqualTo("QUEUED");
            JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
            assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
            JsonNode figures = done.path("progress");
            assertThat(figures.path("rowsRead").asLong()).isEqualTo(ROWS);
            assertThat(figures.path("rowsWritten").asLong()).isEqualTo(ROWS - BAD_ROWS.size());
            assertThat(figures.path("rowsRejected").asLong()).isEqualTo(BAD_ROWS.size());
            assertThat(figures.path("chunksDone").asInt()).isEqualTo(figures.path("chunksTotal").asInt()).isGreaterThanOrEqualTo(19);
            JsonNode table = figures.path("tables").get(0);
            assertThat(table.path("reconciliation").path("ok").asBoolean()).as(table.toString()).isTrue();
            assertThat(table.path("reconciliation").path("mismatches").asInt()).isZero();

            assertThat(targetPatients()).isEqualTo(expectedPatients(false));

            // The chunks without a bad row took the binary pipe; the ones with one were decoded row by row.
            Map<String, Long> paths = new HashMap<>();
            List<String> owners = new ArrayList<>();
            try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT path, owner FROM dm_ledger.chunk WHERE run_id = '" + runId + "'")) {
                while (rs.next()) {
                    paths.merge(rs.getString(1), 1L, Long::sum);
                    owners.add(rs.getString(2));
                }
            }
            // Chunks holding a bad row stayed on the pipe too, sifted: only those rows were mapped in Java.
            assertThat(paths).as(paths.toString()).doesNotContainKey("DECODE");
            assertThat(paths.get("COPY_BINARY_SIFTED")).isGreaterThanOrEqualTo(1);
            assertThat(paths.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(19);
            assertThat(owners.stream().distinct().count()).as("both worker processes did work: " + owners).isEqualTo(2);

            JsonNode rejects = JSON.readTree(http().get().uri("/api/data-migration/runs/" + runId + "/rejects").exchange()
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody());
            assertThat(rejects.path("total").asLong()).isEqualTo(BAD_ROWS.size());
            for (JsonNode r : rejects.path("items")) {
                assertThat(r.path("field").asString()).isEqualTo("birth_date");
                assertThat(r.path("raw").path("dob_txt").asString()).isEqualTo("unknown");
                assertThat(BAD_ROWS).contains(r.path("sourceKey").path("patient_id").asLong());
                assertThat(r.path("raw").path("mrn").asString()).startsWith("MRN");
            }

            // Fix the mapping (version 2: an unknown birth date becomes 1900-01-01) and replay only the rejected rows.
            String[][] fixed = BENCHMARK.clone();
            fixed[4] = new String[] {"birth_date", "parse_date(map(dob_txt, 'unknown' -> '01/01/1900', else dob_txt), 'MM/DD/YYYY')"};
            CATALOG.mapping(mappingId, ORG, mapping(mappingId, 2, "VALID", "patients", PG_CONNECTION, "public", "legacy_patients",
                    "patient", List.of("id"), fixed));
            var replay = http().post().uri("/api/data-migration/runs/" + runId + "/rejects/replay").exchange()
                    .expectBody(String.class).returnResult();
            assertThat(replay.getStatus().value()).as(replay.getResponseBody()).isEqualTo(202);
            JsonNode replayed = awaitStatus(runId, "SUCCEEDED", "FAILED", "SUCCEEDED_WITH_REJECTS");
            assertThat(replayed.path("status").asString()).as(replayed.toString()).isEqualTo("SUCCEEDED");
            assertThat(replayed.path("progress").path("rowsRejected").asLong()).isZero();
            assertThat(targetPatients()).isEqualTo(expectedPatients(true));

            // A consumer of run.progress sees this run's sequence rise strictly and end in a terminal status.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.key().equals(runId)) {
                        progress.add(r);
                    }
                });
                assertThat(progress).isNotEmpty();
                assertThat(JSON.readTree(progress.get(progress.size() - 1).value()).path("status").asString()).isEqualTo("SUCCEEDED");
            });
            long previous = 0;
            for (ConsumerRecord<String, byte[]> r : progress) {
                long sequence = JSON.readTree(r.value()).path("sequence").asLong();
                assertThat(sequence).isGreaterThan(previous);
                previous = sequence;
            }
            assertThat(progress.stream().map(r -> JSON.readTree(r.value()).path("status").asString()).toList())
                    .contains("PLANNING", "RUNNING", "SUCCEEDED_WITH_REJECTS", "SUCCEEDED");
        }
    }

    @Test
    @Order(2)
    void aKilledWorkerProcessLosesNothing() throws Exception {
        truncate("patient");
        String mappingId = patientsMapping(1, BENCHMARK);
        String runId = start(mappingId, "{\"chunkSize\":1000,\"maxRejectedFraction\":0.01}").path("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' AND status = 'DONE'") >= 3);
        Process victim = WORKERS.remove(0);
        victim.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook, leases left behind
        JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        assertThat(targetPatients()).isEqualTo(expectedPatients(false));
        assertThat(done.path("progress").path("tables").get(0).path("reconciliation").path("ok").asBoolean()).isTrue();
        startWorker();
    }

    @Test
    @Order(3)
    void aBrokerRestartMidRunLosesNothing() throws Exception {
        truncate("patient");
        String mappingId = patientsMapping(1, BENCHMARK);
        String runId = start(mappingId, "{\"chunkSize\":1000}").path("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' AND status = 'DONE'") >= 2);
        STACK.kafka().stop();
        Thread.sleep(3_000);
        STACK.kafka().restart();
        JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        assertThat(targetPatients()).isEqualTo(expectedPatients(false));
    }

    @Test
    @Order(4)
    void cancelThenResumeRunsOnlyTheUnfinishedChunks() throws Exception {
        truncate("patient");
        String mappingId = patientsMapping(1, BENCHMARK);
        String runId = start(mappingId, "{\"chunkSize\":1000,\"parallelism\":1}").path("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' AND status = 'DONE'") >= 2);
        http().post().uri("/api/data-migration/runs/" + runId + "/cancel").exchange().expectStatus().isOk();
        JsonNode cancelled = awaitStatus(runId, "CANCELLED");
        long doneAtCancel = count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' AND status = 'DONE'");
        long attemptsAtCancel = count(TARGET_DB, "SELECT sum(attempts) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' AND status = 'DONE'");
        assertThat(cancelled.path("progress").path("chunksDone").asInt()).isLessThan(cancelled.path("progress").path("chunksTotal").asInt());
        assertThat(count(TARGET_DB, "SELECT count(*) FROM patient")).isLessThan(ROWS - BAD_ROWS.size());

        http().post().uri("/api/data-migration/runs/" + runId + "/resume").exchange().expectStatus().isOk();
        JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        assertThat(targetPatients()).isEqualTo(expectedPatients(false));
        // The chunks finished before the cancel were not run again.
        assertThat(count(TARGET_DB, "SELECT sum(attempts) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' AND status = 'DONE' AND chunk_no IN "
                + "(SELECT chunk_no FROM dm_ledger.chunk WHERE run_id = '" + runId + "' ORDER BY finished_at LIMIT " + doneAtCancel + ")"))
                .isEqualTo(attemptsAtCancel);
    }

    @Test
    @Order(5)
    void mariaDbSourceIsDecodedAndConverted() throws Exception {
        truncate("member");
        String id = UUID.randomUUID().toString();
        CATALOG.mapping(id, ORG, mapping(id, 1, "VALID", "members", MARIADB_CONNECTION, "run_members", "members", "member",
                List.of("id"), new String[][] {
                    {"id", "member_no"},
                    {"code", "lower(code)"},
                    {"joined_on", "parse_date(joined, 'MM/DD/YYYY')"},
                    {"fee", "to_decimal(fee, 10, 2)"},
                    {"active", "flag <> 0"},
                    {"seen_at", "utc(seen)"},
                }));
        String runId = start(id, "{\"chunkSize\":1000}").path("id").asString();
        JsonNode done = awaitStatus(runId, "SUCCEEDED", "FAILED", "SUCCEEDED_WITH_REJECTS");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("progress").path("rowsWritten").asLong()).isEqualTo(3000);
        assertThat(done.path("progress").path("tables").get(0).path("reconciliation").path("ok").asBoolean()).isTrue();
        try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = st.executeQuery("SELECT code, joined_on::text, fee::text, active, seen_at::text FROM member WHERE id = 61")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("m-61");
                assertThat(rs.getString(2)).isEqualTo("1990-03-03");
                assertThat(rs.getString(3)).isEqualTo("61.61");
                assertThat(rs.getBoolean(4)).isTrue();
                assertThat(rs.getString(5)).isEqualTo("2020-02-29 12:35:57.789+00");
            }
            assertThat(count(TARGET_DB, "SELECT count(DISTINCT id) FROM member WHERE organization_id = '" + ORG + "'")).isEqualTo(3000);
        }
    }

    @Test
    @Order(6)
    void refusesWhatCannotRunWithAClearReason() {
        String flagged = UUID.randomUUID().toString();
        CATALOG.mapping(flagged, ORG, mapping(flagged, 3, "NEEDS_REVIEW", "flagged", PG_CONNECTION, "public", "legacy_patients",
                "patient", List.of("id"), BENCHMARK));
        http().post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[\"" + flagged + "\"]}").exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("MAPPING_NEEDS_REVIEW")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("dob_txt was removed"));

        String broken = UUID.randomUUID().toString();
        CATALOG.mapping(broken, ORG, mapping(broken, 1, "VALID", "broken", PG_WRONG_PASSWORD, "public", "legacy_patients", "patient",
                List.of("id"), BENCHMARK));
        http().post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[\"" + broken + "\"]}").exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("CONNECTION_FAILING");

        // The platform's own databases are never a source, under any address of the server, whatever the allow-list says.
        String ownOrg = "org-own-servers";
        WebTestClient asOwnOrg = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer " + STACK.adminToken(ownOrg)).build();
        for (String[] own : new String[][] {{"localhost", "dm_run"}, {STACK.postgres().host(), TARGET_DB}, {"127.0.0.2", "dm_connection"}}) {
            String connection = UUID.randomUUID().toString();
            CONNECTIONS.add(connection, ownOrg, "POSTGRESQL", own[0], STACK.postgres().port(), own[1], STACK.postgres().user(),
                    STACK.postgres().password());
            String ownMapping = UUID.randomUUID().toString();
            CATALOG.mapping(ownMapping, ownOrg, mapping(ownMapping, 1, "VALID", "own " + own[1], connection, "public", "legacy_patients",
                    "patient", List.of("id"), BENCHMARK));
            asOwnOrg.post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"mappingIds\":[\"" + ownMapping + "\"]}").exchange().expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("PLATFORM_DATABASE");
        }

        http().post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[\"" + UUID.randomUUID() + "\"]}").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("MAPPING_NOT_FOUND");
        http().post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[],\"options\":{\"chunkSize\":5}}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").value(f -> assertThat(f.toString()).contains("mappingIds", "options.chunkSize"));
        http().get().uri("/api/data-migration/runs/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    @Test
    @Order(6)
    void theSourceChecksOfNewRunsAreRateLimitedPerOrganization() {
        String org = "org-runs-burst";
        String connection = UUID.randomUUID().toString();
        CONNECTIONS.add(connection, org, "POSTGRESQL", STACK.postgres().host(), STACK.postgres().port(), "no_such_database",
                STACK.postgres().user(), STACK.postgres().password());
        String mapping = UUID.randomUUID().toString();
        CATALOG.mapping(mapping, org, mapping(mapping, 1, "VALID", "burst", connection, "public", "legacy_patients", "patient",
                List.of("id"), BENCHMARK));
        WebTestClient burst = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer " + STACK.adminToken(org)).build();
        for (int i = 0; i < 30; i++) {
            burst.post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"mappingIds\":[\"" + mapping + "\"]}").exchange().expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.code").isEqualTo("CONNECTION_FAILING");
        }
        burst.post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[\"" + mapping + "\"]}").exchange().expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.code").isEqualTo("RATE_LIMITED");
        // Another organization's budget is its own: its source is still checked.
        String own = UUID.randomUUID().toString();
        CATALOG.mapping(own, ORG, mapping(own, 1, "VALID", "own", PG_WRONG_PASSWORD, "public", "legacy_patients", "patient",
                List.of("id"), BENCHMARK));
        http().post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[\"" + own + "\"]}").exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("CONNECTION_FAILING");
    }

    @Test
    @Order(7)
    void historyIsScopedToTheOrganizationAndStreamsProgress() {
        JsonNode page = JSON.readTree(http().get().uri("/api/data-migration/runs?size=50").exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody());
        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(4);
        String anyRun = page.path("items").get(0).path("id").asString();
        WebTestClient other = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer " + STACK.adminToken("org-other")).build();
        other.get().uri("/api/data-migration/runs/" + anyRun).exchange().expectStatus().isNotFound();
        other.get().uri("/api/data-migration/runs/" + anyRun + "/rejects").exchange().expectStatus().isNotFound();
        assertThat(JSON.readTree(other.get().uri("/api/data-migration/runs").exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody()).path("total").asLong()).isZero();
        // A finished run's stream sends its last progress and ends.
        List<String> events = http().get().uri("/api/data-migration/runs/" + anyRun + "/events").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody().collectList().block(Duration.ofSeconds(20));
        assertThat(events).hasSize(1);
        assertThat(JSON.readTree(events.get(0)).path("status").asString()).isIn("SUCCEEDED", "SUCCEEDED_WITH_REJECTS");
    }

    @Test
    @Order(8)
    void theTargetPostgresStoppedAndStartedMidRunLosesNothing() throws Exception {
        truncate("patient");
        String mappingId = patientsMapping(1, BENCHMARK);
        String runId = start(mappingId, "{\"chunkSize\":1000}").path("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' AND status = 'DONE'") >= 3);
        // The target PostgreSQL server stops mid-chunk (every session cut) and starts again four seconds later.
        restartPostgres(Duration.ofSeconds(4));
        JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        assertThat(targetPatients()).isEqualTo(expectedPatients(false));
        assertThat(done.path("progress").path("tables").get(0).path("reconciliation").path("ok").asBoolean()).isTrue();
    }

    @Test
    @Order(9)
    void reconciliationCatchesATargetThatDoesNotHoldWhatWasSent() throws Exception {
        // A trigger in the platform database rewrites a few rows on their way in: the load itself succeeds, but the target
        // no longer holds the mapped source values, and both reconciliation methods must say so.
        try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE OR REPLACE FUNCTION alter_some_notes() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.id % 997 = 0 THEN NEW.notes := coalesce(NEW.notes, '') || ' (altered)'; END IF;
                      RETURN NEW;
                    END $$;
                    CREATE TRIGGER alter_some_notes BEFORE INSERT OR UPDATE ON patient FOR EACH ROW EXECUTE FUNCTION alter_some_notes();
                    """);
        }
        try {
            for (String options : List.of("{\"chunkSize\":1000}", "{\"chunkSize\":1000,\"pushdown\":false}")) {
                truncate("patient");
                String runId = start(patientsMapping(1, BENCHMARK), options).path("id").asString();
                JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
                assertThat(done.path("status").asString()).as(options + " " + done).isEqualTo("FAILED");
                assertThat(done.path("errorCode").asString()).isEqualTo("RECONCILIATION_FAILED");
                JsonNode table = done.path("progress").path("tables").get(0);
                assertThat(table.path("reconciliation").path("ok").asBoolean()).isFalse();
                long altered = count(TARGET_DB, "SELECT count(*) FROM patient WHERE id % 997 = 0");
                assertThat(altered).isPositive();
                // The chunks holding an altered row differ, no others: at most one per altered row.
                long mismatches = count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId
                        + "' AND (reconciliation ->> 'ok') = 'false'");
                assertThat(mismatches).isEqualTo(table.path("reconciliation").path("mismatches").asLong()).isBetween(1L, altered);
                long total = done.path("progress").path("chunksTotal").asLong();
                long streamed = count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId
                        + "' AND reconciliation ->> 'method' = 'stream'");
                if (options.contains("pushdown")) {
                    assertThat(streamed).isZero();  // decoded chunks are mapped again into staging
                } else {
                    // Piped chunks are reconciled in the same pass; the few holding an unparseable date were decoded.
                    assertThat(streamed).isGreaterThanOrEqualTo(total - BAD_ROWS.size());
                }
            }
        } finally {
            try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER alter_some_notes ON patient; DROP FUNCTION alter_some_notes()");
            }
        }
    }

    @Test
    @Order(10)
    void aTableWithoutAKeyIsSplitByPhysicalPositionAndLoadedExactly() throws Exception {
        String expected = "SELECT visit_no, md5(ROW(visit_no, note, seen AT TIME ZONE 'UTC')::text) FROM visit_log";
        for (String options : List.of("{\"chunkSize\":2000}", "{\"chunkSize\":2000,\"pushdown\":false}")) {
            truncate("visit");
            String id = UUID.randomUUID().toString();
            CATALOG.mapping(id, ORG, mapping(id, 1, "VALID", "visits", PG_CONNECTION, "public", "visit_log", "visit", List.of("id"),
                    new String[][] {{"id", "visit_no"}, {"note", "note"}, {"seen_at", "utc(seen)"}}));
            String runId = start(id, options).path("id").asString();
            JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
            assertThat(done.path("status").asString()).as(options + " " + done).isEqualTo("SUCCEEDED");
            assertThat(done.path("progress").path("chunksTotal").asInt()).as("page ranges").isGreaterThanOrEqualTo(5);
            assertThat(count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId
                    + "' AND (lower_bound ->> 0) LIKE '(%,0)'")).isEqualTo(done.path("progress").path("chunksTotal").asLong() - 1);
            assertThat(done.path("progress").path("tables").get(0).path("reconciliation").path("ok").asBoolean()).isTrue();
            assertThat(hashes(TARGET_DB, "SELECT id, md5(ROW(id, note, seen_at)::text) FROM visit WHERE organization_id = '" + ORG + "'"))
                    .hasSize(20_000)
                    .isEqualTo(hashes(SOURCE_DB, expected));
        }
    }

    @Test
    @Order(11)
    void aKeySpanningTheWhole64BitRangeIsPlannedAndLoaded() throws Exception {
        for (String options : List.of("{\"chunkSize\":1000}", "{\"chunkSize\":1000,\"pushdown\":false}")) {
            truncate("visit");
            String id = UUID.randomUUID().toString();
            CATALOG.mapping(id, ORG, mapping(id, 1, "VALID", "extremes", PG_CONNECTION, "public", "extreme_keys", "visit", List.of("id"),
                    new String[][] {{"id", "id"}, {"note", "note"}, {"seen_at", "utc(seen)"}}));
            String runId = start(id, options).path("id").asString();
            JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
            assertThat(done.path("status").asString()).as(options + " " + done).isEqualTo("SUCCEEDED");
            assertThat(done.path("progress").path("chunksTotal").asInt()).isEqualTo(1);
            assertThat(hashes(TARGET_DB, "SELECT id, note FROM visit WHERE organization_id = '" + ORG + "'"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(Long.MIN_VALUE, "min", Long.MAX_VALUE, "max"));
        }
    }

    @Test
    @Order(11)
    void aRunFailingWithChunksInFlightEndsWithTheFiguresItsLedgerAndQuarantineHold() throws Exception {
        truncate("patient");
        String id = UUID.randomUUID().toString();
        CATALOG.mapping(id, ORG, mapping(id, 1, "VALID", "patients", PG_CONNECTION, "public", "legacy_patients", "patient",
                List.of("id"), withField(BENCHMARK, 4, "birth_date", "parse_date(dob_txt, 'YYYY-MM-DD')")));
        String runId = start(id, "{\"chunkSize\":1000,\"maxRejectedFraction\":0.01}").path("id").asString();
        JsonNode failed = awaitStatus(runId, "FAILED", "SUCCEEDED_WITH_REJECTS", "SUCCEEDED");
        assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("FAILED");
        // Chunks still writing when the run failed were stopped: nothing lands after the run's last figures.
        Thread.sleep(3_000);
        JsonNode later = JSON.readTree(http().get().uri("/api/data-migration/runs/" + runId).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        long rejected = later.path("progress").path("rowsRejected").asLong();
        assertThat(rejected).isPositive().isEqualTo(failed.path("progress").path("rowsRejected").asLong());
        assertThat(count(TARGET_DB, "SELECT count(*) FROM dm_ledger.reject WHERE run_id = '" + runId + "'")).isEqualTo(rejected);
        assertThat(count(TARGET_DB, "SELECT coalesce(sum(rows_rejected), 0) FROM dm_ledger.chunk WHERE run_id = '" + runId + "'"))
                .isEqualTo(rejected);
        assertThat(count(TARGET_DB, "SELECT coalesce(sum(rows_read), 0) FROM dm_ledger.chunk WHERE run_id = '" + runId + "'"))
                .isEqualTo(later.path("progress").path("rowsRead").asLong());
        assertThat(count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' AND status = 'RUNNING'"))
                .isZero();
    }

    @Test
    @Order(11)
    void chunksWithBadRowsStayOnThePipeAndQuarantineExactlyThemAnEnumMapPushesDownAndNoValueIsCut() throws Exception {
        String id = UUID.randomUUID().toString();
        CATALOG.mapping(id, ORG, mapping(id, 1, "VALID", "visits", PG_CONNECTION, "public", "legacy_visits", "clinic_visit",
                List.of("legacy_key"), new String[][] {{"legacy_key", "concat(to_text(patient_id), '-', to_text(visit_no))"},
                    {"status", "map(status, 'no-show' -> 'no_show', else status)"}, {"minutes", "to_integer(length_min)"},
                    {"room", "room"}}));
        String runId = start(id, "{\"chunkSize\":1000}").path("id").asString();
        JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        // 30 patients (p % 97 = 0) with an unreadable length, 33 (p % 89 = 0) with a room too long for varchar(6), none both.
        long badLength = 3000 / 97;
        long longRoom = 3000 / 89;
        JsonNode figures = done.path("progress");
        assertThat(figures.path("rowsRead").asLong()).isEqualTo(6000);
        assertThat(figures.path("rowsRejected").asLong()).isEqualTo(badLength + longRoom);
        assertThat(figures.path("rowsWritten").asLong()).isEqualTo(6000 - badLength - longRoom);
        assertThat(figures.path("tables").get(0).path("reconciliation").path("ok").asBoolean()).as(figures.toString()).isTrue();
        Map<String, Long> paths = new HashMap<>();
        try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT path, count(*) FROM dm_ledger.chunk WHERE run_id = '" + runId + "' GROUP BY path")) {
            while (rs.next()) {
                paths.put(rs.getString(1), rs.getLong(2));
            }
        }
        // Every chunk holds bad rows, and every one stayed on the pipe: none was decoded row by row.
        assertThat(paths.keySet()).as(paths.toString()).isSubsetOf("COPY_BINARY", "COPY_BINARY_SIFTED");
        assertThat(paths.get("COPY_BINARY_SIFTED")).isGreaterThanOrEqualTo(2);
        Map<String, String> codes = new HashMap<>();
        JsonNode rejects = JSON.readTree(http().get().uri("/api/data-migration/runs/" + runId + "/rejects?size=100").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(rejects.path("total").asLong()).isEqualTo(badLength + longRoom);
        for (JsonNode r : rejects.path("items")) {
            long patient = r.path("sourceKey").path("patient_id").asLong();
            long visit = r.path("sourceKey").path("visit_no").asLong();
            if (patient % 97 == 0 && visit == 1) {
                assertThat(r.path("field").asString()).isEqualTo("minutes");
                assertThat(r.path("raw").path("length_min").asString()).isEqualTo("n/a");
            } else {
                assertThat(patient % 89).as(r.toString()).isZero();
                assertThat(visit).isEqualTo(2);
                assertThat(r.path("raw").path("room").asString()).isEqualTo("R-" + patient + "-long");
            }
            codes.merge(r.path("code").asString(), "x", String::concat);
        }
        try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE status = 'no_show'), max(length(room)), "
                     + "count(DISTINCT legacy_key) FROM clinic_visit WHERE organization_id = '" + ORG + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(6000 - badLength - longRoom);
            assertThat(rs.getLong(2)).isGreaterThan(1000);
            assertThat(rs.getInt(3)).isLessThanOrEqualTo(6);
            assertThat(rs.getLong(4)).isEqualTo(rs.getLong(1));
        }
    }

    // ------------------------------------------------------------------ tenancy of the target tables

    String patientsMapping(String org, String connection, String id, int version, String[][] fields) {
        CATALOG.mapping(id, org, mapping(id, version, "VALID", "patients", connection, "public", "legacy_patients", "patient",
                List.of("id"), fields));
        return id;
    }

    static String[][] withField(String[][] fields, int index, String target, String expression) {
        String[][] copy = fields.clone();
        copy[index] = new String[] {target, expression};
        return copy;
    }

    JsonNode runToEnd(String org, List<String> mappingIds, String options) {
        String runId = start(org, mappingIds, options).path("id").asString();
        return awaitStatusOf(org, runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
    }

    @Test
    @Order(11)
    void twoOrganizationsLoadTheSameLegacyKeysAndAnUpsertOfOneNeverChangesTheOther() throws Exception {
        truncate("patient");
        JsonNode first = runToEnd(ORG, List.of(patientsMapping(1, BENCHMARK)), "{\"chunkSize\":5000}");
        assertThat(first.path("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        Map<Long, String> firstRows = targetPatients(ORG);
        assertThat(firstRows).isEqualTo(expectedPatients(false));

        // The second organization brings the same source keys into the same table, family names upper-cased.
        String mapping = UUID.randomUUID().toString();
        patientsMapping(ORG2, PG_CONNECTION_2, mapping, 1, withField(BENCHMARK, 3, "family_name", "upper(last_nm)"));
        JsonNode second = runToEnd(ORG2, List.of(mapping), "{\"chunkSize\":5000}");
        assertThat(second.path("status").asString()).as(second.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        assertThat(second.path("progress").path("rowsWritten").asLong()).isEqualTo(ROWS - BAD_ROWS.size());
        assertThat(second.path("progress").path("tables").get(0).path("reconciliation").path("ok").asBoolean()).as(second.toString())
                .isTrue();
        assertThat(targetPatients(ORG2)).hasSize(ROWS - BAD_ROWS.size()).isNotEqualTo(firstRows);
        assertThat(count(TARGET_DB, "SELECT count(*) FROM patient WHERE organization_id = '" + ORG2
                + "' AND family_name <> upper(family_name)")).isZero();
        assertThat(targetPatients(ORG)).as("the first organization's rows").isEqualTo(firstRows);

        // The second organization runs again onto its own rows (UPSERT: merged after the pipe, then on the decode path);
        // each run reconciles against its own rows only, and the first organization's rows never change.
        int version = 2;
        for (String options : List.of("{\"chunkSize\":5000}", "{\"chunkSize\":5000,\"pushdown\":false}")) {
            String rule = version == 2 ? "lower(last_nm)" : "concat(last_nm, ' II')";
            patientsMapping(ORG2, PG_CONNECTION_2, mapping, version, withField(BENCHMARK, 3, "family_name", rule));
            JsonNode again = runToEnd(ORG2, List.of(mapping), options);
            assertThat(again.path("status").asString()).as(options + " " + again).isEqualTo("SUCCEEDED_WITH_REJECTS");
            assertThat(again.path("progress").path("tables").get(0).path("reconciliation").path("ok").asBoolean())
                    .as(options + " " + again).isTrue();
            String expectedName = version == 2 ? "lower(family_name)" : "family_name LIKE '% II'";
            assertThat(count(TARGET_DB, "SELECT count(*) FROM patient WHERE organization_id = '" + ORG2 + "' AND family_name = "
                    + (version == 2 ? expectedName : "family_name AND " + expectedName)))
                    .as(options).isEqualTo(ROWS - BAD_ROWS.size());
            assertThat(count(TARGET_DB, "SELECT count(*) FROM patient WHERE organization_id = '" + ORG2 + "'"))
                    .isEqualTo(ROWS - BAD_ROWS.size());
            assertThat(targetPatients(ORG)).as("the first organization's rows after " + options).isEqualTo(firstRows);
            version++;
        }
        // Each organization's history and rejects are its own.
        http(ORG2).get().uri("/api/data-migration/runs/" + first.path("id").asString()).exchange().expectStatus().isNotFound();
    }

    static Map<String, Object> wardLookup() {
        return Map.of("wards", Map.of("schema", "public", "table", "ward", "keyField", "external_ref", "keyType", "text",
                "primaryKey", "id", "primaryKeyType", "INTEGER"));
    }

    String wardsMapping(String org, String connection, String suffix) {
        String id = UUID.randomUUID().toString();
        CATALOG.mapping(id, org, mapping(id, 1, "VALID", "wards", connection, "public", "legacy_wards", "ward", List.of("external_ref"),
                new String[][] {{"external_ref", "ward_code"}, {"name", "concat(ward_nm, '" + suffix + "')"}}));
        return id;
    }

    String bedsMapping(String org, String connection) {
        String id = UUID.randomUUID().toString();
        CATALOG.mapping(id, org, mapping(id, 1, "VALID", "beds", connection, "public", "legacy_beds", "bed", List.of("id"),
                new String[][] {{"id", "bed_no"}, {"ward_id", "lookup('wards', ward_code)"}}, wardLookup()));
        return id;
    }

    /**
     * How many times the target's wards were searched by their legacy code, from the server's statistics: sequential
     * scans of the table and scans of its (organization_id, external_ref) index (the foreign-key checks of beds use the
     * other one).
     */
    static long wardScans() throws SQLException {
        try (Connection c = STACK.postgres().connect(TARGET_DB); Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = st.executeQuery("SELECT coalesce((SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'ward'), 0) "
                    + "+ coalesce((SELECT sum(idx_scan) FROM pg_stat_user_indexes WHERE relname = 'ward' AND indexrelname LIKE "
                    + "'%external_ref%'), 0)")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    @Order(12)
    void lookupsResolveOnlyTheOrganizationsOwnRows() throws Exception {
        truncate("bed, ward");
        for (String[] tenant : new String[][] {{ORG, PG_CONNECTION, " (one)"}, {ORG2, PG_CONNECTION_2, " (two)"}}) {
            long scansBefore = wardScans();
            JsonNode done = runToEnd(tenant[0], List.of(wardsMapping(tenant[0], tenant[1], tenant[2]), bedsMapping(tenant[0], tenant[1])),
                    "{}");
            assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.path("progress").path("rowsWritten").asLong()).isEqualTo(520);
            for (JsonNode table : done.path("progress").path("tables")) {
                assertThat(table.path("reconciliation").path("ok").asBoolean()).as(table.toString()).isTrue();
            }
            // Set-based: the beds' 20 distinct ward codes are translated by a join per chunk (and one for its proof), not a
            // query per code; the ward table is read a handful of times whatever the number of keys.
            assertThat(count(TARGET_DB, "SELECT count(*) FROM dm_ledger.chunk WHERE run_id = '" + done.path("id").asString()
                    + "' AND path = 'COPY_BINARY_JOINED'")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(wardScans() - scansBefore).isBetween(1L, 6L));
        }
        // Every bed points at the ward of its own organization with the bed's legacy ward code.
        for (String[] tenant : new String[][] {{ORG, " (one)"}, {ORG2, " (two)"}}) {
            assertThat(count(TARGET_DB, "SELECT count(*) FROM bed b JOIN ward w ON w.id = b.ward_id WHERE b.organization_id = '"
                    + tenant[0] + "' AND w.organization_id = '" + tenant[0] + "' AND w.external_ref = 'W' || (1 + b.id % 20)"
                    + " AND w.name = 'Ward ' || (1 + b.id % 20) || '" + tenant[1] + "'")).as(tenant[0]).isEqualTo(500);
        }
        // A third organization has no wards yet: the others' wards with the same codes do not answer its lookups.
        JsonNode third = runToEnd(ORG3, List.of(bedsMapping(ORG3, PG_CONNECTION_3)), "{\"maxRejectedFraction\":1.0}");
        assertThat(third.path("status").asString()).as(third.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        assertThat(third.path("progress").path("rowsRejected").asLong()).isEqualTo(500);
        assertThat(count(TARGET_DB, "SELECT count(*) FROM bed WHERE organization_id = '" + ORG3 + "'")).isZero();
        JsonNode rejects = JSON.readTree(http(ORG3).get().uri("/api/data-migration/runs/" + third.path("id").asString() + "/rejects?size=5")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(rejects.path("items").get(0).path("code").asString()).isEqualTo("LOOKUP_NOT_FOUND");
    }

    @Test
    @Order(13)
    void aTargetWithoutTheTenantColumnAndAMappingOfTheTenantColumnAreRefused() {
        String untenanted = UUID.randomUUID().toString();
        CATALOG.mapping(untenanted, ORG, mapping(untenanted, 1, "VALID", "settings", PG_CONNECTION, "public", "legacy_beds",
                "shared_setting", List.of("id"), new String[][] {{"id", "bed_no"}, {"note", "ward_code"}}));
        http().post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[\"" + untenanted + "\"]}").exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("TARGET_NOT_TENANT_SCOPED");

        String spoofing = UUID.randomUUID().toString();
        CATALOG.mapping(spoofing, ORG, mapping(spoofing, 1, "VALID", "spoofing", PG_CONNECTION, "public", "legacy_patients", "patient",
                List.of("id"), withField(BENCHMARK, 11, "organization_id", "'" + ORG2 + "'")));
        http().post().uri("/api/data-migration/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[\"" + spoofing + "\"]}").exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("TENANT_FIELD_NOT_MAPPABLE");
    }

    @Test
    @Order(14)
    void chunksInWhichEveryRowIsRejectedQuarantineThemAllAndAReplayLoadsThemAll() throws Exception {
        // A wrong date format rejects every row: 10,000 rejects per chunk, far more than a worker keeps in memory.
        truncate("patient");
        String id = UUID.randomUUID().toString();
        CATALOG.mapping(id, ORG, mapping(id, 1, "VALID", "patients", PG_CONNECTION, "public", "legacy_patients", "patient",
                List.of("id"), withField(BENCHMARK, 4, "birth_date", "parse_date(dob_txt, 'YYYY-MM-DD')")));
        String runId = start(id, "{\"chunkSize\":10000,\"maxRejectedFraction\":1.0}").path("id").asString();
        JsonNode done = awaitStatus(runId, "SUCCEEDED_WITH_REJECTS", "FAILED", "SUCCEEDED");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED_WITH_REJECTS");
        assertThat(done.path("progress").path("rowsRejected").asLong()).isEqualTo(ROWS);
        assertThat(count(TARGET_DB, "SELECT count(DISTINCT source_key) FROM dm_ledger.reject WHERE run_id = '" + runId
                + "' AND code = 'UNPARSEABLE_DATE' AND raw ->> 'dob_txt' IS NOT NULL")).isEqualTo(ROWS);
        assertThat(count(TARGET_DB, "SELECT count(*) FROM patient WHERE organization_id = '" + ORG + "'")).isZero();

        String[][] fixed = withField(BENCHMARK, 4, "birth_date",
                "parse_date(map(dob_txt, 'unknown' -> '01/01/1900', else dob_txt), 'MM/DD/YYYY')");
        CATALOG.mapping(id, ORG, mapping(id, 2, "VALID", "patients", PG_CONNECTION, "public", "legacy_patients", "patient",
                List.of("id"), fixed));
        Thread.sleep(3_000);  // the run stands finished a while: that time is not part of its duration
        long replayStarted = System.nanoTime();
        http().post().uri("/api/data-migration/runs/" + runId + "/rejects/replay").exchange().expectStatus().isAccepted();
        JsonNode replayed = awaitStatus(runId, "SUCCEEDED", "FAILED", "SUCCEEDED_WITH_REJECTS");
        long replayWallMs = (System.nanoTime() - replayStarted) / 1_000_000;
        assertThat(replayed.path("status").asString()).as(replayed.toString()).isEqualTo("SUCCEEDED");
        long first = done.path("progress").path("durationMs").asLong();
        long total = replayed.path("progress").path("durationMs").asLong();
        assertThat(total).as("the load took %d ms, the replay at most %d ms", first, replayWallMs)
                .isGreaterThanOrEqualTo(first).isLessThanOrEqualTo(first + replayWallMs + 250);
        assertThat(targetPatients()).isEqualTo(expectedPatients(true));
        assertThat(count(TARGET_DB, "SELECT count(*) FROM dm_ledger.reject WHERE run_id = '" + runId + "' AND resolved_at IS NULL"))
                .isZero();
    }

    /**
     * Stops the PostgreSQL server that holds the target (and, in this stack, every other database of the services)
     * with a fast shutdown, keeps it down for {@code down}, and starts it again.
     */
    static void restartPostgres(Duration down) throws Exception {
        STACK.postgres().restart(down);
    }

    private static KafkaConsumer<String, byte[]> progressConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "progress-watcher-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(Topics.RUN_PROGRESS));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }
}
