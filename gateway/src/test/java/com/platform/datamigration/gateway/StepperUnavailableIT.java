package com.platform.datamigration.gateway;

import com.platform.datamigration.localstack.DevTokenIssuer;
import com.platform.datamigration.localstack.Ports;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** When a service is down the stepper says which one, as Problem Details, instead of guessing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StepperUnavailableIT {

    private static final RecordingService UP = new RecordingService("up");
    /** One address for the stepper and the route alike: nothing listens there. */
    private static final String DOWN = "http://127.0.0.1:" + Ports.free();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        DevTokenIssuer issuer = TestStack.get().tokens();
        registry.add("DM_JWT_ISSUER_URI", issuer::issuerUrl);
        registry.add("DM_JWK_SET_URI", issuer::jwkSetUrl);
        registry.add("CONNECTION_SERVICE_URL", UP::url);
        registry.add("EXPLORER_SERVICE_URL", UP::url);
        registry.add("MAPPING_SERVICE_URL", () -> DOWN);
        registry.add("RUN_SERVICE_URL", UP::url);
    }

    @AfterAll
    static void stop() {
        UP.stop();
    }

    @LocalServerPort
    int port;

    @Test
    void aDownServiceGives503NamingIt() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(java.time.Duration.ofSeconds(30)).build()
                .get().uri("/api/data-migration/stepper")
                .headers(h -> h.setBearerAuth(TestStack.get().tokens().mint(TokenRequest.admin("org-down"))))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.detail").isEqualTo("The mapping-service is unavailable; try again shortly.");
    }

    @Test
    void aCallRoutedToADownServiceGives503ProblemDetailsNamingIt() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(java.time.Duration.ofSeconds(30)).build()
                .get().uri("/api/data-migration/mappings")
                .headers(h -> h.setBearerAuth(TestStack.get().tokens().mint(TokenRequest.admin("org-down"))))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.detail").isEqualTo("The mapping-service is unavailable; try again shortly.");
    }
}
