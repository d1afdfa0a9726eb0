package com.platform.datamigration.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.localstack.DevTokenIssuer;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.testing.TestStack;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway in front of real HTTP downstreams: who gets through, where each path goes, what is forwarded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    private static final RecordingService CONNECTION = new RecordingService("connection");
    private static final RecordingService EXPLORER = new RecordingService("explorer");
    private static final RecordingService MAPPING = new RecordingService("mapping");
    private static final RecordingService RUN = new RecordingService("run");
    private static final String ORG = "org-" + UUID.randomUUID();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        DevTokenIssuer issuer = TestStack.get().tokens();
        registry.add("DM_JWT_ISSUER_URI", issuer::issuerUrl);
        registry.add("DM_JWK_SET_URI", issuer::jwkSetUrl);
        registry.add("CONNECTION_SERVICE_URL", CONNECTION::url);
        registry.add("EXPLORER_SERVICE_URL", EXPLORER::url);
        registry.add("MAPPING_SERVICE_URL", MAPPING::url);
        registry.add("RUN_SERVICE_URL", RUN::url);
    }

    @AfterAll
    static void stopDownstreams() {
        Stream.of(CONNECTION, EXPLORER, MAPPING, RUN).forEach(RecordingService::stop);
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void forget() {
        Stream.of(CONNECTION, EXPLORER, MAPPING, RUN).forEach(s -> {
            s.received.clear();
            s.summaryTotal = 0;
        });
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }

    private static String token(TokenRequest request) {
        return TestStack.get().tokens().mint(request);
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of("no token", null, 401),
                Arguments.of("not a JWT", "not-a-jwt", 401),
                Arguments.of("bad signature", token(TokenRequest.admin(ORG).signedWithForeignKey()), 401),
                Arguments.of("expired", token(TokenRequest.admin(ORG).expired()), 401),
                Arguments.of("wrong issuer", token(TokenRequest.admin(ORG).issuer("https://idp.evil.example")), 401),
                Arguments.of("wrong audience", token(TokenRequest.admin(ORG).audience("billing")), 401),
                Arguments.of("no organization", token(new TokenRequest(null, "someone", List.of(TokenRequest.ADMIN_PERMISSION),
                        null, null, null, false)), 401),
                Arguments.of("organization not ASCII", token(TokenRequest.admin("z\u00fcrich")), 401),
                Arguments.of("organization with NUL", token(TokenRequest.admin("org\u0000" + ORG)), 401),
                Arguments.of("organization too long", token(TokenRequest.admin("o".repeat(129))), 401),
                Arguments.of("missing permission", token(TokenRequest.withoutPermission(ORG)), 403),
                Arguments.of("valid admin", token(TokenRequest.admin(ORG)), 200));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("tokens")
    void onlyAValidAdminTokenGetsThrough(String label, String token, int expected) {
        var response = client().get().uri("/api/data-migration/connections/123")
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange()
                .expectStatus().isEqualTo(expected);
        if (expected == 200) {
            assertThat(CONNECTION.received).hasSize(1);
        } else {
            response.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(CONNECTION.received).as("a refused request never reaches the service").isEmpty();
        }
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("/api/data-migration/connections", CONNECTION),
                Arguments.of("/api/data-migration/connections/7/test", CONNECTION),
                Arguments.of("/api/data-migration/explore/connections/7/snapshots", EXPLORER),
                Arguments.of("/api/data-migration/mappings/9/versions", MAPPING),
                Arguments.of("/api/data-migration/targets", MAPPING),
                Arguments.of("/api/data-migration/runs/5/events", RUN));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("routes")
    void eachStageIsRoutedToItsServiceWithTheCallersToken(String path, RecordingService expected) {
        String token = token(TokenRequest.admin(ORG));
        client().get().uri(path).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        assertThat(expected.received).hasSize(1);
        assertThat(expected.last().path()).isEqualTo(path);
        assertThat(expected.last().header("Authorization")).isEqualTo("Bearer " + token);
        Stream.of(CONNECTION, EXPLORER, MAPPING, RUN).filter(s -> s != expected)
                .forEach(other -> assertThat(other.received).as(other.name).isEmpty());
    }

    static Stream<Arguments> deletions() {
        return Stream.of(
                Arguments.of("/api/data-migration/mappings/" + UUID.randomUUID(), MAPPING),
                Arguments.of("/api/data-migration/connections/" + UUID.randomUUID(), CONNECTION));
    }

    @ParameterizedTest(name = "DELETE {0} -> {1}")
    @MethodSource("deletions")
    void aDeletionIsRoutedToItsServiceAndItsAnswerPassedOn(String path, RecordingService expected) {
        String token = token(TokenRequest.admin(ORG));
        client().delete().uri(path).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isNoContent();
        assertThat(expected.received).hasSize(1);
        assertThat(expected.last().method()).isEqualTo("DELETE");
        assertThat(expected.last().path()).isEqualTo(path);
        assertThat(expected.last().header("Authorization")).isEqualTo("Bearer " + token);
        client().delete().uri(path).headers(h -> h.setBearerAuth(token(TokenRequest.withoutPermission(ORG)))).exchange()
                .expectStatus().isForbidden();
        assertThat(expected.received).as("a refused deletion never reaches the service").hasSize(1);
    }

    @Test
    void internalEndpointsAndUnknownPathsAreNotRouted() {
        String token = token(TokenRequest.admin(ORG));
        for (String path : List.of("/internal/connections/7/secret", "/api/data-migration/internal/connections/7/secret",
                "/api/data-migration/unknown", "/api/data-migration/connections/../../internal/connections/7/secret",
                "/api/data-migration/connections/%2e%2e/%2e%2e/internal/connections/7/secret")) {
            client().get().uri(uri -> uri.path(path).build()).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().value(status -> assertThat(status).as(path).isIn(400, 401, 403, 404));
        }
        Stream.of(CONNECTION, EXPLORER, MAPPING, RUN).forEach(s ->
                assertThat(s.received).as(s.name).noneMatch(r -> r.path().contains("internal")));
    }

    @Test
    void untrustedForwardedHeadersAreDropped() {
        client().get().uri("/api/data-migration/runs")
                .headers(h -> {
                    h.setBearerAuth(token(TokenRequest.admin(ORG)));
                    h.set("X-Forwarded-For", "203.0.113.66");
                    h.set("X-Forwarded-Host", "evil.example");
                    h.set("X-Forwarded-Proto", "gopher");
                    h.set("Forwarded", "for=203.0.113.66;host=evil.example");
                })
                .exchange().expectStatus().isOk();
        RecordingService.Received received = RUN.last();
        assertThat(received.headers().toString()).doesNotContain("203.0.113.66", "evil.example", "gopher");
    }

    @Test
    void gatewayActuatorRoutesAreNotExposedButHealthIs() {
        client().get().uri("/actuator/gateway/routes").headers(h -> h.setBearerAuth(token(TokenRequest.admin(ORG))))
                .exchange().expectStatus().isNotFound();
        client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void theStepperReflectsWhatTheServicesCountForTheCallersOrganization() {
        CONNECTION.summaryTotal = 2;
        MAPPING.summaryTotal = 0;
        RUN.summaryTotal = 1;
        String token = token(TokenRequest.admin(ORG));
        client().get().uri("/api/data-migration/stepper").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"hasConnections\":true,\"hasMappings\":false,\"hasRuns\":true}", true);
        for (RecordingService service : List.of(CONNECTION, MAPPING, RUN)) {
            assertThat(service.last().header("Authorization")).isEqualTo("Bearer " + token);
            assertThat(service.last().path()).endsWith("/summary");
        }
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWith413BeforeItReachesTheService() {
        String token = token(TokenRequest.admin(ORG));
        byte[] body = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        client().post().uri("/api/data-migration/runs").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST_TOO_LARGE").jsonPath("$.errors[0].field").isEqualTo("body");
        // Streamed without a declared length, in 64 KiB pieces.
        reactor.core.publisher.Flux<org.springframework.core.io.buffer.DataBuffer> chunks = reactor.core.publisher.Flux.range(0, 80)
                .map(i -> org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));
        client().post().uri("/api/data-migration/runs").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .body(org.springframework.web.reactive.function.BodyInserters.fromDataBuffers(chunks)).exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST_TOO_LARGE");
        client().post().uri("/api/data-migration/runs").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mappingIds\":[]}").exchange().expectStatus().isOk();
        assertThat(RUN.received).as("only the small body reached the service").hasSize(1);
    }

    @Test
    void controlCharactersInTheUrlAre400NamingTheParameter() {
        String token = token(TokenRequest.admin(ORG));
        for (String query : List.of("name=%00", "q=a%00b", "schema=%01")) {
            client().get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/api/data-migration/connections?" + query))
                    .headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(query.substring(0, query.indexOf('=')));
        }
        assertThat(CONNECTION.received).isEmpty();
    }

    @Test
    void theStepperNeedsTheSameTokenAsEveryCall() {
        client().get().uri("/api/data-migration/stepper").exchange().expectStatus().isUnauthorized();
        client().get().uri("/api/data-migration/stepper").headers(h -> h.setBearerAuth(token(TokenRequest.withoutPermission(ORG))))
                .exchange().expectStatus().isForbidden();
    }
}
