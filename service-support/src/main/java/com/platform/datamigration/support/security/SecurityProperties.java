package com.platform.datamigration.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tokens are validated and read ({@code dm.security.*}).
 *
 * @param issuerUri          the only issuer accepted ({@code DM_JWT_ISSUER_URI}; the local profile defaults it to
 *                           the local stack's development issuer)
 * @param jwkSetUri          where the issuer's public keys are ({@code DM_JWK_SET_URI})
 * @param audience           an audience every token must carry
 * @param requiredPermission the permission every API call needs
 * @param permissionsClaim   the claim listing the caller's permissions
 * @param organizationClaim  the claim holding the caller's organization id; every read and write is scoped by it
 */
@ConfigurationProperties("dm.security")
public record SecurityProperties(
        String issuerUri,
        String jwkSetUri,
        @DefaultValue("data-migration") String audience,
        @DefaultValue("system.organizations.admin") String requiredPermission,
        @DefaultValue("permissions") String permissionsClaim,
        @DefaultValue("org_id") String organizationClaim) {
}
