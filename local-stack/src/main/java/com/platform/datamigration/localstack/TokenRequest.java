package com.platform.datamigration.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a development token says. {@link #admin(String)} is what the local stack hands out; the other
 * builders exist to test how services treat bad tokens.
 *
 * @param issuer    {@code null}: the issuer's own URL
 * @param audience  {@code null}: {@link DevTokenIssuer#AUDIENCE}
 * @param expiresAt {@code null}: one hour from now
 * @param foreignKey sign with a key the services do not trust
 */
public record TokenRequest(
        String organizationId,
        String subject,
        List<String> permissions,
        String issuer,
        String audience,
        Instant expiresAt,
        boolean foreignKey) {

    public static final String ADMIN_PERMISSION = "system.organizations.admin";

    public TokenRequest {
        permissions = List.copyOf(permissions);
    }

    public static TokenRequest admin(String organizationId) {
        return new TokenRequest(organizationId, "admin@" + organizationId, List.of(ADMIN_PERMISSION), null, null, null, false);
    }

    /** A valid token of a user who lacks the admin permission. */
    public static TokenRequest withoutPermission(String organizationId) {
        return new TokenRequest(organizationId, "viewer@" + organizationId, List.of("system.organizations.read"), null, null,
                null, false);
    }

    public TokenRequest issuer(String issuer) {
        return new TokenRequest(organizationId, subject, permissions, issuer, audience, expiresAt, foreignKey);
    }

    public TokenRequest audience(String audience) {
        return new TokenRequest(organizationId, subject, permissions, issuer, audience, expiresAt, foreignKey);
    }

    public TokenRequest expiresAt(Instant expiresAt) {
        return new TokenRequest(organizationId, subject, permissions, issuer, audience, expiresAt, foreignKey);
    }

    public TokenRequest expired() {
        return expiresAt(Instant.now().minus(Duration.ofMinutes(10)));
    }

    public TokenRequest signedWithForeignKey() {
        return new TokenRequest(organizationId, subject, permissions, issuer, audience, expiresAt, true);
    }
}
