package com.platform.datamigration.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.platform.datamigration.localstack.PostgresServer;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.testing.PortForward;
import com.platform.datamigration.testing.TestStack;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The platform's own databases are never a source, whatever the allow-list says (it allows the platform's server,
 * as the local stack and compose allow their demo source on it): every service database and the platform database,
 * under every address of the server, are refused with 422 {@code PLATFORM_DATABASE} before any query, and through a
 * port forward (an address no configuration names) once the server says who it is. The demo source on the same
 * server still works. Subclasses give the application one environment each.
 */
abstract class PlatformDatabaseContract {

    static final List<String> PLATFORM_DATABASES = List.of("dm_connection", "dm_explorer", "dm_mapping", "dm_run", "platform");
    static final String DEMO_DATABASE = "demo_clinic";
    static final String DEMO_USER = "demo_clinic_reader";
    static final String DEMO_PASSWORD = "demo-" + UUID.randomUUID();

    /** The platform's server under another address: nothing names this port. */
    static PortForward forward;

    @LocalServerPort
    int port;

    static PostgresServer server() {
        return TestStack.get().postgres();
    }

    /** The platform's databases and a demo source beside them, with a reader that may read only the demo. */
    static void prepareServer() {
        PostgresServer pg = server();
        PLATFORM_DATABASES.forEach(pg::createDatabaseIfMissing);
        if (pg.createDatabaseIfMissing(DEMO_DATABASE)) {
            execute(DEMO_DATABASE, "CREATE TABLE patients (id bigint PRIMARY KEY, name text)",
                    "INSERT INTO patients VALUES (1, 'Ana')");
        }
        execute(DEMO_DATABASE, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + DEMO_USER + "') THEN "
                        + "CREATE ROLE " + DEMO_USER + " LOGIN; END IF; END $$",
                "ALTER ROLE " + DEMO_USER + " PASSWORD '" + DEMO_PASSWORD + "'",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + DEMO_USER);
        if (forward == null) {
            forward = new PortForward(pg.host(), pg.port());
        }
    }

    static void execute(String database, String... sql) {
        try (var c = server().connect(database); var st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare the server", e);
        }
    }

    /** The allow-list as the local stack writes it (the platform's server), plus the port forward. */
    static String allowedTargets() {
        return server().host() + ":" + server().port() + ",127.0.0.1:" + forward.port();
    }

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }

    static String admin() {
        return TestStack.get().tokens().mint(TokenRequest.admin("org-" + UUID.randomUUID()));
    }

    /** A body as an admin would type it: the server's superuser, which the server trusts. */
    static Map<String, Object> body(String host, int port, String database) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "own server " + UUID.randomUUID());
        body.put("type", "POSTGRESQL");
        body.put("host", host);
        body.put("port", port);
        body.put("database", database);
        body.put("username", server().user());
        body.put("password", server().password().isEmpty() ? "any" : server().password());
        body.put("sslMode", "DISABLE");
        body.put("options", Map.of("connectTimeoutSeconds", 3, "applicationName", "dm tests"));
        return body;
    }

    /** This machine's own non-loopback IPv4 addresses. */
    static List<String> interfaceAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        addresses.add(a.getHostAddress());
                    }
                }
            }
        } catch (java.net.SocketException e) {
            // none
        }
        return addresses;
    }

    static Stream<Arguments> platformDatabasesUnderEveryName() {
        List<String> hosts = new ArrayList<>(List.of(server().host(), "localhost", "127.0.0.2", "::1", "[::1]", "::ffff:127.0.0.1",
                "0.0.0.0"));
        hosts.addAll(interfaceAddresses());
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
    void aPlatformDatabaseIsRefusedUnderEveryAddressOfItsServer(String database, String host) {
        Map<String, Object> body = body(host, server().port(), database);
        String token = admin();
        for (String path : List.of("/api/data-migration/connections/test", "/api/data-migration/connections")) {
            client().post().uri(path).headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("PLATFORM_DATABASE")
                    .jsonPath("$.errors[0].field").isEqualTo("database");
        }
    }

    @Test
    void aSavedConnectionCannotBeMovedOntoAPlatformDatabase() {
        String token = admin();
        String id = client().post().uri("/api/data-migration/connections").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(demo(server().host(), server().port())).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        Map<String, Object> moved = body("localhost", server().port(), "dm_connection");
        client().put().uri("/api/data-migration/connections/" + id).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(moved).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("PLATFORM_DATABASE");
    }

    @ParameterizedTest(name = "{0} through a port forward -> PLATFORM_DATABASE")
    @MethodSource("platformDatabases")
    void thePlatformsServerUnderAnUnknownAddressIsRecognisedBeforeAnyQuery(String database) {
        String token = admin();
        int sentBefore = forward.sent().length();
        client().post().uri("/api/data-migration/connections/test").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body("127.0.0.1", forward.port(), database)).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.code").isEqualTo("PLATFORM_DATABASE")
                .jsonPath("$.errors[0].field").isEqualTo("database");
        // Saved (nothing to connect to yet), but its test is refused the same way.
        String id = client().post().uri("/api/data-migration/connections").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body("127.0.0.1", forward.port(), database)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        client().post().uri("/api/data-migration/connections/" + id + "/test").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("PLATFORM_DATABASE");
        String sent = forward.sent().substring(sentBefore);
        assertThat(sent).as("the session reached the server").contains("pg_postmaster_start_time");
        assertThat(sent).as("queries after the identity check").doesNotContain("information_schema").doesNotContain("pg_namespace")
                .doesNotContain("pg_class").doesNotContain("public.");
    }

    static Stream<String> platformDatabases() {
        return PLATFORM_DATABASES.stream();
    }

    static Map<String, Object> demo(String host, int port) {
        Map<String, Object> body = body(host, port, DEMO_DATABASE);
        body.put("username", DEMO_USER);
        body.put("password", DEMO_PASSWORD);
        return body;
    }

    @Test
    void theDemoSourceOnTheSameServerStillWorksDirectlyAndThroughTheForward() {
        String token = admin();
        for (int p : new int[] {server().port(), forward.port()}) {
            String host = p == server().port() ? server().host() : "127.0.0.1";
            client().post().uri("/api/data-migration/connections/test").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(demo(host, p)).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.ok").isEqualTo(true);
        }
    }

    @Test
    void anInterfaceAddressOfTheMachineNeedsNoRoute() {
        assumeTrue(!interfaceAddresses().isEmpty(), "this machine has no non-loopback IPv4 address");
        client().post().uri("/api/data-migration/connections/test").headers(h -> h.setBearerAuth(admin()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(interfaceAddresses().get(0), server().port(), "platform"))
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("PLATFORM_DATABASE");
    }
}
