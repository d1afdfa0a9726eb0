package com.platform.datamigration.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.testing.TestStack;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service guarantees on its own, whoever calls it directly: a token is required, the permission is
 * required, internal endpoints refuse admin tokens, health probes are public, and the stepper summary counts
 * only the caller's organization. Each service's integration test extends this with its own resource.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceBaselineIT {

    @LocalServerPort
    int port;

    @Autowired
    protected org.springframework.r2dbc.core.DatabaseClient db;

    /** The service's stepper summary path, e.g. {@code /api/data-migration/connections/summary}. */
    protected abstract String summaryPath();

    /** Stores one of the service's main resources for {@code organization}. */
    protected abstract void insertOwnedResource(OrganizationId organization);

    protected WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }

    protected static String token(TokenRequest request) {
        return TestStack.get().tokens().mint(request);
    }

    @Test
    void aCallWithoutTokenIsRefusedWith401ProblemDetails() {
        client().get().uri(summaryPath()).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }

    @Test
    void aForgedOrExpiredTokenIsRefusedWith401() {
        String org = "org-" + UUID.randomUUID();
        for (TokenRequest bad : new TokenRequest[] {TokenRequest.admin(org).signedWithForeignKey(), TokenRequest.admin(org).expired(),
                TokenRequest.admin(org).issuer("https://evil.example"), TokenRequest.admin(org).audience("another-app")}) {
            client().get().uri(summaryPath()).headers(h -> h.setBearerAuth(token(bad))).exchange()
                    .expectStatus().isUnauthorized();
        }
    }

    @Test
    void aTokenWhoseOrganizationIsNotAValidIdIsRefusedWith401() {
        // Non-ASCII letters would be rewritten in the headers that carry the organization between services, NUL and
        // other control characters are refused by the databases: such an organization never gets in.
        for (String org : new String[] {"z\u00fcrich", "z?rich", "org\u0000x", "org x", "-org", "x".repeat(129), ""}) {
            client().get().uri(summaryPath()).headers(h -> h.setBearerAuth(token(TokenRequest.admin(org)))).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void aTokenWithoutThePermissionIsRefusedWith403() {
        client().get().uri(summaryPath()).headers(h -> h.setBearerAuth(token(TokenRequest.withoutPermission("org-x")))).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("system.organizations.admin"));
    }

    @Test
    void internalEndpointsRefuseAnAdminTokenAndAWrongServiceCredential() {
        client().get().uri("/internal/anything").headers(h -> h.setBearerAuth(token(TokenRequest.admin("org-x")))).exchange()
                .expectStatus().isUnauthorized();
        client().get().uri("/internal/anything").header("X-Service-Credential", "run-service:guessed").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void controlCharactersInAQueryParameterAre400NamingIt() {
        String token = token(TokenRequest.admin("org-x"));
        for (String query : new String[] {"name=%00", "q=x%00y", "page=%00"}) {
            client().get().uri(java.net.URI.create("http://127.0.0.1:" + port + summaryPath() + "?" + query))
                    .headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void healthProbesArePublic() {
        client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        client().get().uri("/actuator/env").headers(h -> h.setBearerAuth(token(TokenRequest.admin("org-x")))).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void theSummaryCountsOnlyTheCallersOrganization() {
        OrganizationId mine = OrganizationId.of("org-" + UUID.randomUUID());
        OrganizationId theirs = OrganizationId.of("org-" + UUID.randomUUID());
        insertOwnedResource(mine);
        insertOwnedResource(mine);
        insertOwnedResource(theirs);
        assertThat(total(mine)).isEqualTo(2);
        assertThat(total(theirs)).isEqualTo(1);
        assertThat(total(OrganizationId.of("org-" + UUID.randomUUID()))).isZero();
    }

    @Test
    void anUnknownPathAnswersProblemDetails() {
        client().get().uri("/api/data-migration/nothing-here").headers(h -> h.setBearerAuth(token(TokenRequest.admin("org-x"))))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.NOT_FOUND)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private long total(OrganizationId org) {
        Number total = client().get().uri(summaryPath()).headers(h -> h.setBearerAuth(token(TokenRequest.admin(org.value()))))
                .exchange().expectStatus().isOk()
                .expectBody(java.util.Map.class).returnResult().getResponseBody().get("total") instanceof Number n ? n : -1;
        return total.longValue();
    }
}
