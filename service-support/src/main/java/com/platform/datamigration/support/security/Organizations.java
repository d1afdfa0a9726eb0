package com.platform.datamigration.support.security;

import com.platform.datamigration.contracts.OrganizationId;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Reads the caller's organization from a validated token: the only source of an organization id. */
public final class Organizations {

    private Organizations() {
    }

    /** Whether a token's claim is a valid organization id ({@link OrganizationId}): anything else makes the token invalid. */
    static boolean isValid(Object claim) {
        return OrganizationId.isValid(claim);
    }

    /** The organization of an authenticated caller; fails for anything but a validated JWT. */
    public static OrganizationId of(Authentication authentication, String organizationClaim) {
        if (authentication instanceof JwtAuthenticationToken jwt && isValid(jwt.getToken().getClaim(organizationClaim))) {
            return OrganizationId.of(jwt.getToken().getClaimAsString(organizationClaim));
        }
        throw new IllegalStateException("no validated token with an organization");
    }
}
