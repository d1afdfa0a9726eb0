package com.platform.datamigration.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.platform.datamigration.localstack.Ports;
import com.platform.datamigration.localstack.PostgresServer;
import com.platform.datamigration.testing.TestStack;
import java.io.IOException;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The database server as docker-compose.yml makes it (docker/postgres/init.sql run by psql with the seeds, passwords
 * required for every login) and connection-service started from its jar with its compose environment, secrets
 * generated as docker/compose-env.sh does. Only the addresses differ: {@code postgres} is {@code localhost} here, a
 * name as in compose. The platform's own databases are refused as a source, the demo source answers only its reader,
 * and each service's role reaches its own database only.
 */
class ComposeEnvironmentIT {

    private static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::\\?[^}]*|:-([^}]*))?}");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> PLATFORM_DATABASES = List.of("dm_connection", "dm_explorer", "dm_mapping", "dm_run", "platform");

    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    private static Map<String, Map<String, String>> compose;
    private static PostgresServer pg;
    private static Process connectionService;
    private static int port;

    @BeforeAll
    static void startTheComposeDatabaseAndConnectionService() throws Exception {
        assumeTrue(psqlAvailable(), "psql runs docker/postgres/init.sql as the postgres image does");
        compose = composeEnvironments();
        for (Map<String, String> env : compose.values()) {
            for (String value : env.values()) {
                Matcher m = PLACEHOLDER.matcher(value);
                while (m.find()) {
                    if (value.substring(m.start()).startsWith("${" + m.group(1) + ":?")) {
                        SECRETS.computeIfAbsent(m.group(1), name -> name.equals("DM_CREDENTIALS_KEY") ? random(32, false) : random(24, true));
                    }
                }
            }
        }
        TestStack stack = TestStack.get();
        SECRETS.put("DM_JWT_ISSUER_URI", stack.tokens().issuerUrl());
        SECRETS.put("DM_JWK_SET_URI", stack.tokens().jwkSetUrl());

        pg = PostgresServer.startEmbedded(Ports.free());
        Path init = Files.createTempFile("compose-init", ".sql");
        Files.writeString(init, Files.readString(REPO.resolve("docker/postgres/init.sql"))
                .replace("/seed/", REPO.resolve("local-stack/src/main/resources/seed") + "/"));
        ProcessBuilder psql = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.host(), "-p",
                Integer.toString(pg.port()), "-U", pg.user(), "-d", "postgres", "-f", init.toString()).redirectErrorStream(true);
        for (String name : compose.get("postgres").keySet()) {
            psql.environment().put(name, interpolate(compose.get("postgres").get(name)));
        }
        Process p = psql.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("init.sql: %s", output).isZero();
        Files.delete(init);
        // Like the postgres image: every TCP login needs its password.
        pg.requirePasswordAuthentication();

        port = Ports.free();
        Map<String, String> env = new LinkedHashMap<>();
        compose.get("connection-service").forEach((name, value) -> env.put(name, interpolate(value)));
        env.put("POSTGRES_HOST", "localhost");
        env.put("POSTGRES_PORT", Integer.toString(pg.port()));
        env.put("DM_CONNECTIONS_ALLOWED_TARGETS", env.get("DM_CONNECTIONS_ALLOWED_TARGETS").replace("postgres:5432", "127.0.0.1:" + pg.port()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("SERVER_PORT", Integer.toString(port));
        ProcessBuilder service = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", REPO.resolve("connection-service/target/connection-service.jar").toString());
        service.environment().putAll(env);
        Path log = REPO.resolve("system-tests/target/compose-connection-service.log");
        Files.createDirectories(log.getParent());
        service.redirectErrorStream(true).redirectOutput(log.toFile());
        connectionService = service.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            assertThat(connectionService.isAlive()).as("connection-service is running; see %s", log).isTrue();
            assertThat(System.nanoTime()).as("connection-service ready in time; see %s", log).isLessThan(deadline);
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        String logged = Files.readString(log);
        for (String secret : SECRETS.values()) {
            if (!secret.startsWith("http")) {
                assertThat(logged).as("connection-service's log").doesNotContain(secret);
            }
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (connectionService != null) {
            connectionService.destroy();
            if (!connectionService.waitFor(20, TimeUnit.SECONDS)) {
                connectionService.destroyForcibly();
            }
        }
        if (pg != null) {
            pg.close();
        }
    }

    static Stream<Arguments> platformDatabasesUnderEveryName() {
        List<String> hosts = new ArrayList<>(List.of("127.0.0.1", "localhost", "127.0.0.2", "::1", "0.0.0.0"));
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        hosts.add(a.getHostAddress());
                    }
                }
            }
        } catch (java.net.SocketException e) {
            // loopback only
        }
        List<Arguments> cases = new ArrayList<>();
        for (String database : PLATFORM_DATABASES) {
            for (String host : hosts) {
                cases.add(Arguments.of(database, host));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1} -> PLATFORM_DATABASE")
    @MethodSource("platformDatabasesUnderEveryName")
    void thePlatformsDatabasesAreRefusedAsASourceEvenWithTheSuperusersPassword(String database, String host) throws Exception {
        String body = body(host, database, pg.user(), pg.password());
        for (String path : List.of("/test", "")) {
            HttpResponse<String> response = post(path, body);
            assertThat(response.statusCode()).as("%s at %s: %s", database, host, response.body()).isEqualTo(422);
            assertThat(response.body()).contains("\"code\":\"PLATFORM_DATABASE\"", "\"field\":\"database\"")
                    .doesNotContain(pg.password());
        }
    }

    @Test
    void theDemoSourceAnswersItsReaderOnly() throws Exception {
        HttpResponse<String> reader = post("/test", body("127.0.0.1", "legacy_clinic", "clinic_reader", "clinic-demo"));
        assertThat(reader.statusCode()).as(reader.body()).isEqualTo(200);
        assertThat(reader.body()).contains("\"ok\":true");
        HttpResponse<String> superuser = post("/test", body("127.0.0.1", "legacy_clinic", pg.user(), "guess"));
        assertThat(superuser.body()).contains("\"ok\":false", "\"code\":\"AUTH_FAILED\"");
    }

    static Stream<Arguments> everyRoleOnEveryDatabase() {
        List<Arguments> cases = new ArrayList<>();
        for (String service : List.of("connection-service", "explorer-service", "mapping-service", "run-service")) {
            for (String database : List.of("dm_connection", "dm_explorer", "dm_mapping", "dm_run", "platform", "legacy_clinic")) {
                boolean own = database.equals(composeEnvironments().get(service).get("POSTGRES_DB"));
                boolean platform = database.equals("platform") && (service.equals("mapping-service") || service.equals("run-service"));
                cases.add(Arguments.of(service, database, own || platform));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}: connects = {2}")
    @MethodSource("everyRoleOnEveryDatabase")
    void eachServicesRoleReachesItsOwnDatabaseOnly(String service, String database, boolean allowed) {
        Map<String, String> env = compose.get(service);
        String state;
        try (var c = DriverManager.getConnection(pg.jdbcUrl(database), env.get("POSTGRES_USER"), interpolate(env.get("POSTGRES_PASSWORD")));
             var st = c.createStatement(); var rs = st.executeQuery("SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication "
                     + "FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("%s is privileged", env.get("POSTGRES_USER")).isFalse();
            state = "ok";
        } catch (SQLException e) {
            state = e.getSQLState();
        }
        assertThat(state).as("%s on %s", env.get("POSTGRES_USER"), database).isEqualTo(allowed ? "ok" : "42501");
    }

    private static String body(String host, String database, String user, String password) {
        return "{\"name\":\"compose " + UUID.randomUUID() + "\",\"type\":\"POSTGRESQL\",\"host\":\"" + host + "\",\"port\":" + pg.port()
                + ",\"database\":\"" + database + "\",\"username\":\"" + user + "\",\"password\":\"" + password
                + "\",\"sslMode\":\"DISABLE\"}";
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/data-migration/connections" + path))
                .header("Authorization", "Bearer " + TestStack.get().adminToken("org-" + UUID.randomUUID()))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code ${NAME:?…}} from the generated secrets, {@code ${NAME:-default}} from its default. */
    private static String interpolate(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = SECRETS.containsKey(m.group(1)) ? SECRETS.get(m.group(1)) : m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        return m.appendTail(out).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> composeEnvironments() {
        try (Reader reader = Files.newBufferedReader(REPO.resolve("docker-compose.yml"))) {
            Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(reader)).get("services");
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            services.forEach((name, spec) -> {
                Map<String, String> env = new LinkedHashMap<>();
                Object environment = ((Map<String, Object>) spec).get("environment");
                if (environment instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
                }
                out.put(name, env);
            });
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean psqlAvailable() {
        try {
            return new ProcessBuilder("psql", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String random(int bytes, boolean urlSafe) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return urlSafe ? Base64.getUrlEncoder().withoutPadding().encodeToString(b) : Base64.getEncoder().encodeToString(b);
    }
}
