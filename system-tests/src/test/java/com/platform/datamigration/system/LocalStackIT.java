package com.platform.datamigration.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.localstack.Ports;
import com.platform.datamigration.localstack.StackEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system started the way the README starts it ({@code java -jar local-stack-exec.jar up}, which
 * {@code ./dm} runs): real Kafka and PostgreSQL, the token issuer and five application processes, called only
 * from outside through HTTP, Kafka and SQL. Records startup time and each process's peak memory in
 * {@code target/local-stack-measurements.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    private static final Path STATE = REPO.resolve("system-tests/target/local-stack-it");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> OUTPUT = new CopyOnWriteArrayList<>();

    private static Process launcher;
    private static int portBase;
    private static long startupMillis;
    private static Properties state;
    private static String demoToken;
    private static String demoConnection;
    private static String providersMapping;

    @BeforeAll
    static void startTheStackLikeTheReadme() throws Exception {
        portBase = freePortBase();
        long t0 = System.nanoTime();
        launcher = new ProcessBuilder(javaCommand(), "-jar", REPO.resolve("local-stack/target/local-stack-exec.jar").toString(),
                "up", "--port-base", Integer.toString(portBase), "--state-dir", STATE.toString(), "--no-demo")
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(() -> copyLines(launcher.getInputStream()), "local-stack-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (OUTPUT.stream().noneMatch("READY"::equals)) {
            if (!launcher.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the local stack did not come up:\n" + String.join("\n", OUTPUT));
            }
            Thread.sleep(200);
        }
        startupMillis = (System.nanoTime() - t0) / 1_000_000;
        state = new Properties();
        try (InputStream in = Files.newInputStream(STATE.resolve("stack.properties"))) {
            state.load(in);
        }
    }

    @AfterAll
    static void stopIfStillUp() {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
        }
    }

    @Test
    @Order(1)
    void printsTheGatewayUrlAnAdminTokenAndWhereTheLogsAre() {
        assertThat(OUTPUT).anyMatch(l -> l.contains("http://127.0.0.1:" + portBase + "/api/data-migration"));
        assertThat(OUTPUT).anyMatch(l -> l.trim().startsWith("TOKEN=ey"));
        assertThat(OUTPUT).anyMatch(l -> l.contains("Logs:") && l.contains(STATE.resolve("logs").toString()));
    }

    @Test
    @Order(2)
    void theStepperOfAFreshOrganizationIsAllFalseThroughTheGateway() throws Exception {
        String token = mint("org-" + UUID.randomUUID(), true);
        HttpResponse<String> response = get("http://127.0.0.1:" + portBase + "/api/data-migration/stepper", token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().replace(" ", ""))
                .isEqualTo("{\"hasConnections\":false,\"hasMappings\":false,\"hasRuns\":false}");
    }

    @Test
    @Order(3)
    void thePrintedTokenWorksAndTokensWithoutThePermissionDoNot() throws Exception {
        String printed = OUTPUT.stream().filter(l -> l.trim().startsWith("TOKEN=")).findFirst().orElseThrow()
                .trim().substring("TOKEN=".length());
        String stepper = "http://127.0.0.1:" + portBase + "/api/data-migration/stepper";
        assertThat(get(stepper, printed).statusCode()).isEqualTo(200);
        assertThat(get(stepper, null).statusCode()).isEqualTo(401);
        assertThat(get(stepper, mint("org-viewer", false)).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void everyServiceIsItsOwnProcessAndChecksTokensItself() throws Exception {
        for (String path : List.of("connections", "explore", "mappings", "runs")) {
            int port = portBase + List.of("connections", "explore", "mappings", "runs").indexOf(path) + 1;
            String url = "http://127.0.0.1:" + port + "/api/data-migration/" + path + "/summary";
            assertThat(get(url, null).statusCode()).as(url).isEqualTo(401);
            assertThat(get(url, mint("org-direct", true)).statusCode()).as(url).isEqualTo(200);
        }
        Set<Long> pids = new java.util.HashSet<>();
        for (String module : List.of("gateway", "connection-service", "explorer-service", "mapping-service", "run-service")) {
            long pid = Long.parseLong(state.getProperty(module + ".pid"));
            assertThat(ProcessHandle.of(pid)).as(module).isPresent();
            pids.add(pid);
        }
        assertThat(pids).hasSize(5).doesNotContain(launcher.pid());
    }

    @Test
    @Order(5)
    void theDemoDatabasesAreSeededOnALogicalReplicationCapablePostgres() throws Exception {
        String[] hostPort = state.getProperty("postgres").split(":");
        String url = "jdbc:postgresql://" + hostPort[0] + ":" + hostPort[1] + "/";
        try (var legacy = superuser(url + "legacy_clinic");
             var st = legacy.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM patients")).isEqualTo(500);
            assertThat(count(st, "SELECT count(*) FROM providers")).isEqualTo(10);
            assertThat(count(st, "SELECT count(*) FROM appointments")).isEqualTo(2000);
            try (var rs = st.executeQuery("SHOW wal_level")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("logical");
            }
        }
        try (var platform = superuser(url + "platform");
             var st = platform.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
                    + "AND table_name IN ('patient', 'provider', 'appointment')")).isEqualTo(3);
        }
    }

    @Test
    @Order(6)
    void theServicesCreatedTheirTopicsOnTheBroker() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, state.getProperty("kafka")))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).contains(Topics.CONNECTION_CREATED, Topics.CONNECTION_UPDATED, Topics.CONNECTION_DELETED,
                    Topics.MAPPING_SAVED, Topics.MAPPING_ARCHIVED, Topics.RUN_REQUESTED, Topics.RUN_PROGRESS, Topics.RUN_CHUNKS);
        }
    }

    @Test
    @Order(7)
    void anAdminAddsAndTestsTheDemoSourceThroughTheGateway() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String token = mint(org, true);
        String[] pg = state.getProperty("postgres").split(":");
        String body = "{\"name\":\"Legacy clinic\",\"type\":\"POSTGRESQL\",\"host\":\"" + pg[0] + "\",\"port\":" + pg[1]
                + ",\"database\":\"legacy_clinic\",\"username\":\"clinic_reader\",\"password\":\"clinic-demo\",\"sslMode\":\"DISABLE\"}";
        HttpResponse<String> created = post("http://127.0.0.1:" + portBase + "/api/data-migration/connections", token, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"passwordSet\":true").doesNotContain("clinic-demo");
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        demoToken = token;
        demoConnection = id;

        HttpResponse<String> tested = post("http://127.0.0.1:" + portBase + "/api/data-migration/connections/" + id + "/test", token, "");
        assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
        assertThat(tested.body()).contains("\"ok\":true", "\"cdcReady\":true");

        HttpResponse<String> wrong = post("http://127.0.0.1:" + portBase + "/api/data-migration/connections/test", token,
                body.replace("clinic-demo", "not-the-password"));
        assertThat(wrong.body()).contains("\"code\":\"AUTH_FAILED\"");

        HttpResponse<String> stepper = get("http://127.0.0.1:" + portBase + "/api/data-migration/stepper", token);
        assertThat(stepper.body().replace(" ", "")).contains("\"hasConnections\":true");

        // connection.created reached explorer-service, which fetched the credentials and discovered the catalog.
        String explore = "http://127.0.0.1:" + portBase + "/api/data-migration/explore/connections/" + id;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> tables = get(explore + "/tables?q=patient", token);
        while (tables.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            tables = get(explore + "/tables?q=patient", token);
        }
        assertThat(tables.statusCode()).as(tables.body()).isEqualTo(200);
        assertThat(tables.body()).contains("\"name\":\"patients\"", "\"totalElements\":1");
        HttpResponse<String> sample = get(explore + "/tables/public.patients/sample?limit=3", token);
        assertThat(sample.statusCode()).as(sample.body()).isEqualTo(200);
        assertThat(sample.body()).contains("MRN0000000001");
        HttpResponse<String> profile = get(explore + "/tables/public.appointments/profile", token);
        assertThat(profile.body()).contains("\"sampledRows\":2000");

        // Mappings through the gateway: mapping-service reads the source catalog from explorer-service and the
        // source rows with credentials from connection-service, each over its internal, service-authenticated API.
        String mappings = "http://127.0.0.1:" + portBase + "/api/data-migration/mappings";
        String pair = "{\"source\":{\"connectionId\":\"" + id + "\",\"schema\":\"public\",\"table\":\"providers\"},"
                + "\"target\":{\"schema\":\"public\",\"table\":\"provider\"}";
        HttpResponse<String> suggested = post(mappings + "/suggest", token, pair + "}");
        assertThat(suggested.statusCode()).as(suggested.body()).isEqualTo(200);
        assertThat(suggested.body()).contains("\"target\":\"name\"", "full_nm", "parse_date(hired_dt_txt, 'MM/DD/YYYY')");
        String spec = "{\"name\":\"providers\"," + pair.substring(1) + ",\"key\":[\"external_ref\"],\"onConflict\":\"UPSERT\","
                + "\"fields\":[{\"target\":\"external_ref\",\"expression\":\"to_text(provider_id)\"},"
                + "{\"target\":\"name\",\"expression\":\"full_nm\"},{\"target\":\"specialty\",\"expression\":\"specialty_cd\"},"
                + "{\"target\":\"hired_on\",\"expression\":\"parse_date(hired_dt_txt, 'MM/DD/YYYY')\"}]}";
        HttpResponse<String> saved = post(mappings, token, spec);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        String mappingId = saved.body().replaceAll(".*?\"id\":\"([^\"]+)\".*", "$1");
        providersMapping = mappingId;
        HttpResponse<String> preview = post(mappings + "/" + mappingId + "/preview?limit=5", token, "");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains("\"rowsWithErrors\":0", "Dr. ");
        assertThat(get("http://127.0.0.1:" + portBase + "/api/data-migration/stepper", token).body().replace(" ", ""))
                .contains("\"hasMappings\":true");
    }

    /** Every address of the stack's server this machine answers on, as an admin could type it. */
    private static List<String> addressesOfTheServer() throws Exception {
        List<String> hosts = new ArrayList<>(List.of(state.getProperty("postgres").split(":")[0], "localhost", "127.0.0.2", "::1",
                "0.0.0.0"));
        for (var ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var a : java.util.Collections.list(ni.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    hosts.add(a.getHostAddress());
                }
            }
        }
        return hosts;
    }

    @Test
    @Order(7)
    void thePlatformsOwnDatabasesAreNeverASourceWhateverTheAllowListSays() throws Exception {
        String token = mint("org-" + UUID.randomUUID(), true);
        String port = state.getProperty("postgres").split(":")[1];
        String gateway = "http://127.0.0.1:" + portBase + "/api/data-migration/connections";
        for (String database : List.of("dm_connection", "dm_explorer", "dm_mapping", "dm_run", "platform")) {
            for (String host : addressesOfTheServer()) {
                // The administrative login with its real password: only the deny rule stands in the way.
                String body = "{\"name\":\"own " + UUID.randomUUID() + "\",\"type\":\"POSTGRESQL\",\"host\":\"" + host
                        + "\",\"port\":" + port + ",\"database\":\"" + database + "\",\"username\":\""
                        + state.getProperty("postgres.user", "postgres") + "\",\"password\":\"" + state.getProperty("postgres.password", "x")
                        + "\",\"sslMode\":\"DISABLE\"}";
                for (String url : List.of(gateway + "/test", gateway)) {
                    HttpResponse<String> response = post(url, token, body);
                    assertThat(response.statusCode()).as("%s at %s: %s", database, host, response.body()).isEqualTo(422);
                    assertThat(response.body()).as("%s at %s", database, host).contains("\"code\":\"PLATFORM_DATABASE\"")
                            .contains("\"field\":\"database\"")
                            .doesNotContain(state.getProperty("postgres.password", "x"));
                }
            }
        }
    }

    @Test
    @Order(7)
    void theDemoSourceIsReachableOnlyAsItsReader() throws Exception {
        String token = mint("org-" + UUID.randomUUID(), true);
        String[] pg = state.getProperty("postgres").split(":");
        for (String user : List.of("postgres", "dm_connection_app", "dm_run_app")) {
            String body = "{\"name\":\"demo as " + user + "\",\"type\":\"POSTGRESQL\",\"host\":\"" + pg[0] + "\",\"port\":" + pg[1]
                    + ",\"database\":\"legacy_clinic\",\"username\":\"" + user + "\",\"password\":\"guess\",\"sslMode\":\"DISABLE\"}";
            HttpResponse<String> tested = post("http://127.0.0.1:" + portBase + "/api/data-migration/connections/test", token, body);
            assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
            assertThat(tested.body()).as(user).contains("\"ok\":false", "\"code\":\"AUTH_FAILED\"");
        }
        try (var c = superuser("jdbc:postgresql://" + pg[0] + ":" + pg[1] + "/postgres"); var st = c.createStatement()) {
            for (String database : List.of("dm_connection", "dm_explorer", "dm_mapping", "dm_run", "platform")) {
                assertThat(count(st, "SELECT count(*) FROM pg_roles WHERE rolname = 'clinic_reader' "
                        + "AND has_database_privilege(rolname, '" + database + "', 'CONNECT')")).as("clinic_reader on %s", database).isZero();
            }
            // Each service's role reaches its own database, and the platform database only where it needs it.
            for (String role : List.of("dm_connection_app", "dm_explorer_app", "dm_mapping_app", "dm_run_app")) {
                for (String database : List.of("dm_connection", "dm_explorer", "dm_mapping", "dm_run", "platform", "legacy_clinic")) {
                    boolean expected = role.equals(database + "_app") || (database.equals("platform")
                            && (role.equals("dm_mapping_app") || role.equals("dm_run_app")));
                    assertThat(count(st, "SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "' AND NOT rolsuper "
                            + "AND NOT rolcreaterole AND NOT rolreplication AND has_database_privilege(rolname, '" + database + "', 'CONNECT')"))
                            .as("%s may connect to %s", role, database).isEqualTo(expected ? 1 : 0);
                }
            }
        }
    }

    @Test
    @Order(8)
    void theDemoMigrationRunsThroughTheGatewayWithForeignKeysTranslatedAndReconciled() throws Exception {
        String api = "http://127.0.0.1:" + portBase + "/api/data-migration";
        String source = "\"source\":{\"connectionId\":\"" + demoConnection + "\",\"schema\":\"public\",\"table\":";
        String patients = save(api, "{\"name\":\"patients\"," + source + "\"patients\"},\"target\":{\"schema\":\"public\","
                + "\"table\":\"patient\"},\"key\":[\"external_ref\"],\"onConflict\":\"UPSERT\",\"fields\":["
                + field("external_ref", "concat('PA-', to_text(patient_id))") + "," + field("medical_record_number", "mrn") + ","
                + field("given_name", "trim(first_nm)") + "," + field("family_name", "last_nm") + ","
                + field("birth_date", "parse_date(dob_txt, 'MM/DD/YYYY')") + ","
                + field("sex", "map(sex_cd, 'F' -> 'female', 'M' -> 'male', else 'unknown')") + "," + field("email", "email_addr") + ","
                + field("phone", "phone_no") + "," + field("balance", "to_decimal(balance_txt, 12, 2)") + ","
                + field("active", "is_active <> 0") + "," + field("created_at", "utc(created_ts)") + ","
                + field("notes", "coalesce(notes, '')") + ","
                + field("primary_provider_id", "lookup('providers', to_text(primary_provider_id))") + "]}");
        String appointments = save(api, "{\"name\":\"appointments\"," + source + "\"appointments\"},\"target\":{\"schema\":"
                + "\"public\",\"table\":\"appointment\"},\"key\":[\"external_ref\"],\"onConflict\":\"UPSERT\",\"fields\":["
                + field("external_ref", "concat('AP-', to_text(appt_id))") + ","
                + field("patient_id", "lookup('patients', concat('PA-', to_text(patient_id)))") + ","
                + field("provider_id", "lookup('providers', to_text(provider_id))") + ","
                + field("starts_at", "parse_timestamp(concat(appt_dt_txt, ' ', appt_tm_txt), 'YYYYMMDD HH24MI')") + ","
                + field("status", "map(status_cd, 'S' -> 'scheduled', 'C' -> 'completed', 'N' -> 'no_show', else 'cancelled')") + ","
                + field("reason", "reason_txt") + "]}");

        // Requested in the "wrong" order: the run loads providers, then patients, then appointments.
        HttpResponse<String> started = post(api + "/runs", demoToken, "{\"mappingIds\":[\"" + appointments + "\",\"" + patients
                + "\",\"" + providersMapping + "\"],\"options\":{\"chunkSize\":1000}}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String run = started.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");

        // Progress streams through the gateway as Server-Sent Events until the run ends.
        HttpResponse<java.util.stream.Stream<String>> events = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/runs/" + run + "/events"))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + demoToken).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        List<String> lines = events.body().toList();
        List<Long> sequence = lines.stream().filter(l -> l.startsWith("id:")).map(l -> Long.parseLong(l.substring(3).trim())).toList();
        assertThat(sequence).hasSizeGreaterThan(1).isSorted().doesNotHaveDuplicates();
        String last = lines.stream().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
        // Five patients have an impossible birth date ('13/45/1990'): they, and the appointments that refer to them,
        // are quarantined; everything else arrives, with foreign keys translated.
        assertThat(last).contains("\"status\":\"SUCCEEDED_WITH_REJECTS\"");

        HttpResponse<String> rejects = get(api + "/runs/" + run + "/rejects?size=500", demoToken);
        assertThat(rejects.body()).contains("\"code\":\"UNPARSEABLE_DATE\"", "\"dob_txt\":\"13/45/1990\"",
                "\"code\":\"LOOKUP_NOT_FOUND\"");

        // Fix the patients mapping and replay the rejects: patients first, then their appointments.
        HttpResponse<String> fixed = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/mappings/" + patients)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + demoToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(get(api + "/mappings/" + patients, demoToken).body()
                        .replaceAll("^.*?\"spec\":(\\{.*\\}),\"warnings\".*$", "$1")
                        .replace("parse_date(dob_txt, 'MM/DD/YYYY')",
                                "parse_date(map(dob_txt, '13/45/1990' -> '01/01/1900', else dob_txt), 'MM/DD/YYYY')"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
        HttpResponse<String> replay = post(api + "/runs/" + run + "/rejects/replay", demoToken, "");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        String body = get(api + "/runs/" + run, demoToken).body();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!body.matches("(?s)^\\{\"id\":\"[^\"]+\",\"status\":\"(SUCCEEDED|SUCCEEDED_WITH_REJECTS|FAILED|CANCELLED)\".*")
                && System.nanoTime() < deadline) {
            Thread.sleep(300);
            body = get(api + "/runs/" + run, demoToken).body();
        }
        assertThat(body).contains("\"status\":\"SUCCEEDED\"", "\"rowsRejected\":0");
        assertThat(body).doesNotContain("\"ok\":false");

        String[] hostPort = state.getProperty("postgres").split(":");
        String url = "jdbc:postgresql://" + hostPort[0] + ":" + hostPort[1] + "/";
        java.util.Set<String> expected = new java.util.HashSet<>();
        try (var legacy = superuser(url + "legacy_clinic"); var st = legacy.createStatement();
             var rs = st.executeQuery("SELECT appt_id, patient_id, provider_id FROM appointments")) {
            while (rs.next()) {
                expected.add("AP-" + rs.getLong(1) + "|PA-" + rs.getLong(2) + "|" + rs.getLong(3));
            }
        }
        java.util.Set<String> actual = new java.util.HashSet<>();
        try (var platform = superuser(url + "platform"); var st = platform.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM provider")).isEqualTo(10);
            assertThat(count(st, "SELECT count(*) FROM patient")).isEqualTo(500);
            assertThat(count(st, "SELECT count(*) FROM patient WHERE birth_date = date '1900-01-01'")).isEqualTo(5);
            try (var rs = st.executeQuery("""
                    SELECT a.external_ref, p.external_ref, v.external_ref FROM appointment a
                    JOIN patient p ON p.id = a.patient_id JOIN provider v ON v.id = a.provider_id""")) {
                while (rs.next()) {
                    actual.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
                }
            }
        }
        assertThat(actual).hasSize(2000).isEqualTo(expected);
        assertThat(get(api + "/stepper", demoToken).body().replace(" ", "")).contains("\"hasRuns\":true");
    }

    private static String field(String target, String expression) {
        return "{\"target\":\"" + target + "\",\"expression\":\"" + expression + "\"}";
    }

    private static String save(String api, String spec) throws Exception {
        HttpResponse<String> saved = post(api + "/mappings", demoToken, spec);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        return saved.body().replaceAll("^.*?\"id\":\"([^\"]+)\".*$", "$1");
    }

    @Test
    @Order(9)
    void anAttackersInputGetsClearRefusalsThroughTheGatewayNever500() throws Exception {
        String api = "http://127.0.0.1:" + portBase + "/api/data-migration";
        String token = mint("org-" + UUID.randomUUID(), true);
        // An organization whose id headers would rewrite ("zürich" would act as "z?rich") never gets in.
        for (String org : List.of("z%C3%BCrich", "z%3Frich", "org%00x")) {
            HttpResponse<String> refused = get(api + "/connections", mint(org, true));
            assertThat(refused.statusCode()).as(org).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        }
        // NUL and other control characters: 400 naming the field.
        for (String path : List.of("/connections?name=%00", "/explore/connections/" + UUID.randomUUID() + "/tables?q=%00",
                "/runs?status=%01")) {
            HttpResponse<String> bad = get(api + path, token);
            assertThat(bad.statusCode()).as(path).isEqualTo(400);
            assertThat(bad.body()).as(path).contains("\"errors\"").contains("control characters");
        }
        HttpResponse<String> nulName = post(api + "/connections", token, "{\"name\":\"a\\u0000b\",\"type\":\"POSTGRESQL\","
                + "\"host\":\"db.example.com\",\"port\":5432,\"database\":\"d\",\"username\":\"u\",\"password\":\"p\"}");
        assertThat(nulName.statusCode()).as(nulName.body()).isEqualTo(400);
        assertThat(nulName.body()).contains("\"field\":\"name\"");
        // A 5 MB body: 413 from the gateway, not a connection cut under the caller.
        HttpResponse<String> huge = post(api + "/runs", token, "{\"mappingIds\":[\"" + "x".repeat(5 * 1024 * 1024) + "\"]}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("REQUEST_TOO_LARGE");
        // A port inside the host, and IPv6 spellings of loopback: 422 before any socket.
        String connection = "{\"name\":\"probe %s\",\"type\":\"POSTGRESQL\",\"host\":\"%s\",\"port\":%d,\"database\":\"legacy_clinic\","
                + "\"username\":\"clinic_reader\",\"password\":\"x\",\"sslMode\":\"DISABLE\"}";
        int pgPort = Integer.parseInt(state.getProperty("postgres").replaceAll("^.*:", ""));
        Map<String, String> hosts = Map.of("127.0.0.1:" + pgPort, "INVALID_HOST", "::ffff:0:7f00:1", "BLOCKED_HOST",
                "::ffff:0:a9fe:a9fe", "BLOCKED_HOST");
        for (Map.Entry<String, String> host : hosts.entrySet()) {
            HttpResponse<String> refused = post(api + "/connections", token,
                    String.format(connection, UUID.randomUUID(), host.getKey(), pgPort));
            assertThat(refused.statusCode()).as(host.getKey() + " " + refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("\"code\":\"" + host.getValue() + "\"");
        }
        // Another organization's connection id tells nothing, on every explore endpoint.
        HttpResponse<String> snapshots = get(api + "/explore/connections/" + demoConnection + "/snapshots", token);
        assertThat(snapshots.statusCode()).isEqualTo(404);
    }

    @Test
    @Order(10)
    void deletingAConnectionsLastMappingThroughTheGatewayLetsTheConnectionBeDeleted() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String token = mint(org, true);
        String api = "http://127.0.0.1:" + portBase + "/api/data-migration";
        String[] pg = state.getProperty("postgres").split(":");
        HttpResponse<String> created = post(api + "/connections", token, "{\"name\":\"Legacy clinic\",\"type\":\"POSTGRESQL\","
                + "\"host\":\"" + pg[0] + "\",\"port\":" + pg[1] + ",\"database\":\"legacy_clinic\",\"username\":\"clinic_reader\","
                + "\"password\":\"clinic-demo\",\"sslMode\":\"DISABLE\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String connection = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String source = "\"source\":{\"connectionId\":\"" + connection + "\",\"schema\":\"public\",\"table\":\"providers\"},"
                + "\"target\":{\"schema\":\"public\",\"table\":\"provider\"},\"key\":[\"external_ref\"],\"onConflict\":\"UPSERT\"";
        String providersSpec = "{\"name\":\"providers\"," + source + ",\"fields\":[" + field("external_ref", "to_text(provider_id)")
                + "," + field("name", "full_nm") + "]}";
        // The catalog arrives with the discovery that connection.created starts.
        HttpResponse<String> saved = post(api + "/mappings", token, providersSpec);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (saved.statusCode() == 422 && saved.body().contains("SOURCE_NOT_FOUND") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            saved = post(api + "/mappings", token, providersSpec);
        }
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        String providers = saved.body().replaceAll("^.*?\"id\":\"([^\"]+)\".*$", "$1");
        HttpResponse<String> dependant = post(api + "/mappings", token, "{\"name\":\"providers again\"," + source + ",\"fields\":["
                + field("external_ref", "concat('again-', to_text(lookup('providers', to_text(provider_id))))") + ","
                + field("name", "full_nm") + "]}");
        assertThat(dependant.statusCode()).as(dependant.body()).isEqualTo(201);
        String again = dependant.body().replaceAll("^.*?\"id\":\"([^\"]+)\".*$", "$1");

        // connection-service learns the mappings from mapping.saved, asynchronously; a DELETE that came before it did would
        // delete the connection itself, so the first one waits for the events to have been consumed.
        Thread.sleep(5_000);
        HttpResponse<String> inUse = delete(api + "/connections/" + connection, token);
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(inUse.body().contains(providers) && inUse.body().contains(again)) && System.nanoTime() < deadline) {
            Thread.sleep(300);
            inUse = delete(api + "/connections/" + connection, token);
        }
        assertThat(inUse.statusCode()).as(inUse.body()).isEqualTo(409);
        assertThat(inUse.body()).contains("\"code\":\"CONNECTION_IN_USE\"", providers, again);

        HttpResponse<String> stranger = delete(api + "/mappings/" + providers, mint("org-" + UUID.randomUUID(), true));
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(404);
        HttpResponse<String> lookedUp = delete(api + "/mappings/" + providers, token);
        assertThat(lookedUp.statusCode()).as(lookedUp.body()).isEqualTo(409);
        assertThat(lookedUp.body()).contains("\"code\":\"MAPPING_IN_USE\"", again);
        assertThat(delete(api + "/mappings/" + again, token).statusCode()).isEqualTo(204);
        assertThat(delete(api + "/mappings/" + providers, token).statusCode()).isEqualTo(204);
        assertThat(delete(api + "/mappings/" + providers, token).statusCode()).isEqualTo(404);
        assertThat(get(api + "/mappings/" + providers, token).statusCode()).isEqualTo(404);

        // ... and from mapping.archived that they no longer use the connection.
        HttpResponse<String> deleted = delete(api + "/connections/" + connection, token);
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (deleted.statusCode() == 409 && System.nanoTime() < deadline) {
            Thread.sleep(300);
            deleted = delete(api + "/connections/" + connection, token);
        }
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(get(api + "/stepper", token).body().replace(" ", ""))
                .contains("\"hasConnections\":false", "\"hasMappings\":false");
    }

    @Test
    @Order(11)
    void aLegacyTableNeedingTheWholeMappingLanguageMigratesAsTheSameMappingWrittenByHandInSqlPipedAndDecoded() throws Exception {
        long t0 = System.nanoTime();
        String api = "http://127.0.0.1:" + portBase + "/api/data-migration";
        String[] pg = state.getProperty("postgres").split(":");
        String url = "jdbc:postgresql://" + pg[0] + ":" + pg[1] + "/";
        try (var legacy = superuser(url + "legacy_clinic"); var st = legacy.createStatement()) {
            st.execute(LegacyVisits.SOURCE);
            st.execute(LegacyVisits.HAND_CHECK_SETUP);
        }
        try (var platform = superuser(url + "platform"); var st = platform.createStatement()) {
            st.execute(LegacyVisits.TARGETS);
        }

        // A new organization's connection: its discovery finds the new table.
        String org = "org-" + UUID.randomUUID();
        String token = mint(org, true);
        HttpResponse<String> created = post(api + "/connections", token, "{\"name\":\"Legacy visits\",\"type\":\"POSTGRESQL\","
                + "\"host\":\"" + pg[0] + "\",\"port\":" + pg[1] + ",\"database\":\"legacy_clinic\",\"username\":\"clinic_reader\","
                + "\"password\":\"clinic-demo\",\"sslMode\":\"DISABLE\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String connection = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String tables = api + "/explore/connections/" + connection + "/tables?q=legacy_visits";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> found = get(tables, token);
        while (!found.body().contains("\"name\":\"legacy_visits\"") && System.nanoTime() < deadline) {
            Thread.sleep(300);
            found = get(tables, token);
        }
        assertThat(found.body()).contains("\"name\":\"legacy_visits\"");

        String visits = saveAs(api, token, LegacyVisits.spec("legacy visits", connection, "visit", LegacyVisits.VISIT_FIELDS));
        String identities = saveAs(api, token, LegacyVisits.spec("legacy visit identities", connection, "visit_identity",
                LegacyVisits.IDENTITY_FIELDS));
        // The saved mappings tell how a run loads them: every field of the first in the source's SQL; the second decoded,
        // because uuid_v5 and hmac_sha256 run in Java only.
        String visitsSaved = get(api + "/mappings/" + visits, token).body();
        assertThat(visitsSaved).contains("\"pushdown\":{\"path\":\"COPY_BINARY\"").doesNotContain("\"pushesDown\":false");
        for (String[] field : LegacyVisits.VISIT_FIELDS) {
            assertThat(visitsSaved).contains("\"" + field[0] + "\":{\"pushesDown\":true,\"how\":\"SQL\"}");
        }
        assertThat(get(api + "/mappings/" + identities, token).body()).contains("\"pushdown\":{\"path\":\"DECODE\"",
                "\"code\":\"JAVA_ONLY_FUNCTION\",\"field\":\"visit_uuid\"", "\"code\":\"JAVA_ONLY_FUNCTION\",\"field\":\"mrn_hmac\"");

        List<String> expectedVisits;
        List<String> expectedIdentities;
        try (var legacy = superuser(url + "legacy_clinic"); var st = legacy.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            expectedVisits = rows(st, LegacyVisits.expectedVisits(), null);
            expectedIdentities = rows(st, LegacyVisits.expectedIdentities(org, StackEnvironment.DEVELOPMENT_HMAC_SECRET), null);
        }
        assertThat(expectedVisits).hasSize(LegacyVisits.ROWS - LegacyVisits.BAD.size());
        assertThat(expectedIdentities).hasSize(LegacyVisits.ROWS);

        for (boolean pushdown : List.of(true, false)) {
            String options = "{\"chunkSize\":1000" + (pushdown ? "" : ",\"pushdown\":false") + "}";
            HttpResponse<String> started = post(api + "/runs", token, "{\"mappingIds\":[\"" + visits + "\",\"" + identities
                    + "\"],\"options\":" + options + "}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String run = started.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
            String body = awaitRun(api + "/runs/" + run, token);
            assertThat(body).as(options).contains("\"status\":\"SUCCEEDED_WITH_REJECTS\"", "\"rowsRejected\":" + LegacyVisits.BAD.size(),
                    "\"rowsWritten\":" + (2 * LegacyVisits.ROWS - LegacyVisits.BAD.size())).doesNotContain("\"ok\":false");

            // Exactly the bad values are quarantined, each with its field and code.
            String rejects = get(api + "/runs/" + run + "/rejects?size=500", token).body();
            Map<Integer, String> rejected = new TreeMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"mappingId\":\"([^\"]+)\",\"chunkNo\":\\d+,"
                    + "\"sourceKey\":\\{\"visit_id\":\"(\\d+)\"\\},\"raw\":\\{.*?\\},\"field\":\"([^\"]*)\",\"code\":\"([A-Z_]+)\"")
                    .matcher(rejects);
            while (m.find()) {
                assertThat(m.group(1)).as(rejects).isEqualTo(visits);
                rejected.put(Integer.parseInt(m.group(2)), m.group(3) + " " + m.group(4));
            }
            assertThat(rejected).as(rejects).isEqualTo(LegacyVisits.BAD);
            assertThat(rejects).contains("\"total\":" + LegacyVisits.BAD.size());

            try (var platform = superuser(url + "platform"); var st = platform.createStatement()) {
                // How each chunk reached the target: the visits on the pipe (sifted where a chunk held a bad value),
                // the identities decoded; everything decoded when the run turned pushdown off.
                Map<String, Set<String>> paths = new TreeMap<>();
                try (var rs = st.executeQuery("SELECT mapping_id::text, path FROM dm_ledger.chunk WHERE run_id = '" + run + "'")) {
                    while (rs.next()) {
                        paths.computeIfAbsent(rs.getString(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
                    }
                }
                assertThat(paths.get(identities)).as(options).containsExactly("DECODE");
                if (pushdown) {
                    // A chunk with bad values sifts them out and maps just those in Java; a chunk that starts after one
                    // needed that sifts first, so the clean last chunk may be piped whole or sifted.
                    assertThat(paths.get(visits)).as(options).contains("COPY_BINARY_SIFTED")
                            .isSubsetOf("COPY_BINARY", "COPY_BINARY_SIFTED");
                } else {
                    assertThat(paths.get(visits)).as(options).containsExactly("DECODE");
                }

                st.execute("SET TimeZone = 'UTC'");
                assertSameRows(rows(st, LegacyVisits.ACTUAL_VISITS, org), expectedVisits, "visit " + options);
                assertSameRows(rows(st, LegacyVisits.ACTUAL_IDENTITIES, org), expectedIdentities, "visit_identity " + options);
                st.execute("TRUNCATE visit, visit_identity");
            }
        }
        System.out.println("MEASURED legacy visits migrated twice in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    private static String saveAs(String api, String token, String spec) throws Exception {
        // The catalog arrives with the discovery that connection.created starts.
        HttpResponse<String> saved = post(api + "/mappings", token, spec);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (saved.statusCode() == 422 && saved.body().contains("SOURCE_NOT_FOUND") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            saved = post(api + "/mappings", token, spec);
        }
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        return saved.body().replaceAll("^.*?\"id\":\"([^\"]+)\".*$", "$1");
    }

    private static String awaitRun(String url, String token) throws Exception {
        String body = get(url, token).body();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!body.matches("(?s)^\\{\"id\":\"[^\"]+\",\"status\":\"(SUCCEEDED|SUCCEEDED_WITH_REJECTS|FAILED|CANCELLED)\".*")
                && System.nanoTime() < deadline) {
            Thread.sleep(300);
            body = get(url, token).body();
        }
        return body;
    }

    /** The same rows in the same order, or a failure showing the first ones that differ, each as expected and as found. */
    private static void assertSameRows(List<String> actual, List<String> expected, String what) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(actual.size(), expected.size()) && differences.size() < 10; i++) {
            String a = i < actual.size() ? actual.get(i) : "(none)";
            String e = i < expected.size() ? expected.get(i) : "(none)";
            if (!a.equals(e)) {
                differences.add("expected " + e + "\n   found " + a);
            }
        }
        assertThat(differences).as("%s: %d rows found, %d expected; first differences:%n%s", what, actual.size(), expected.size(),
                String.join("\n", differences)).isEmpty();
    }

    /** Each row's key and text, in the query's order; {@code org} fills its one parameter, if any. */
    private static List<String> rows(java.sql.Statement st, String sql, String org) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (var ps = st.getConnection().prepareStatement(sql)) {
            if (org != null) {
                ps.setString(1, org);
            }
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + " " + rs.getString(2));
                }
            }
        }
        return out;
    }

    @Test
    @Order(100)
    void downStopsEverythingItStartedAndNothingElse() throws Exception {
        Map<String, Long> peakRss = new TreeMap<>();
        List<ProcessHandle> started = new ArrayList<>();
        for (String key : state.stringPropertyNames()) {
            if (key.endsWith(".pid")) {
                long pid = Long.parseLong(state.getProperty(key));
                peakRss.put(key.replace(".pid", ""), peakRssKib(pid));
                ProcessHandle.of(pid).ifPresent(started::add);
            }
        }
        Files.writeString(REPO.resolve("system-tests/target/local-stack-measurements.txt"),
                "startup_ms=" + startupMillis + "\n" + peakRss.entrySet().stream()
                        .map(e -> "peak_rss_kib." + e.getKey() + "=" + e.getValue()).reduce("", (a, b) -> a + b + "\n"));
        System.out.println("MEASURED local stack startup " + startupMillis + " ms; peak RSS KiB " + peakRss);

        Process down = new ProcessBuilder(javaCommand(), "-jar", REPO.resolve("local-stack/target/local-stack-exec.jar").toString(),
                "down", "--state-dir", STATE.toString()).redirectErrorStream(true).start();
        assertThat(down.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(down.exitValue()).isZero();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle p : started) {
            assertThat(p.isAlive()).as("pid " + p.pid()).isFalse();
        }
        assertThat(Ports.isListening(portBase)).as("gateway port").isFalse();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    private static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The administrative login of the stack's own server, whose generated password the state file holds. */
    private static java.sql.Connection superuser(String url) throws java.sql.SQLException {
        return DriverManager.getConnection(url, state.getProperty("postgres.user", "postgres"), state.getProperty("postgres.password", ""));
    }

    private static long count(java.sql.Statement st, String sql) throws java.sql.SQLException {
        try (var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String mint(String org, boolean permission) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(state.getProperty("issuer.url")
                + "/token?org=" + org + (permission ? "" : "&permission=false"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        int start = body.indexOf("\"access_token\":\"") + "\"access_token\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void copyLines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                OUTPUT.add(line);
            }
        } catch (IOException e) {
            OUTPUT.add("(output closed: " + e.getMessage() + ")");
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A base port with base..base+10 free, so the test does not collide with a stack already running. */
    private static int freePortBase() {
        for (int base = 28080; base < 60000; base += 100) {
            boolean free = true;
            for (int p = base; p <= base + 10 && free; p++) {
                free = !Ports.isListening(p);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }
}
