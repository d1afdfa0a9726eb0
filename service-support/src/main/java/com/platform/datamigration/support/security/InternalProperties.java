package com.platform.datamigration.support.security;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Service-to-service credentials for {@code /internal/**} endpoints ({@code dm.internal.*}). These endpoints never
 * accept an admin's token and the gateway never routes them.
 *
 * @param acceptedCredentials comma-separated {@code caller:secret} pairs this service accepts
 *                            ({@code DM_INTERNAL_ACCEPTED_CREDENTIALS}); empty: every internal call is refused
 * @param credential          this service's own {@code caller:secret}, sent when it calls another service's
 *                            internal endpoint ({@code DM_INTERNAL_CREDENTIAL})
 */
@ConfigurationProperties("dm.internal")
public record InternalProperties(String acceptedCredentials, String credential) {

    /** The header carrying a service credential, {@code caller:secret}. */
    public static final String HEADER = "X-Service-Credential";

    /**
     * The header naming the organization an internal call acts for. It only ever carries a valid {@code OrganizationId}
     * (ASCII only, so nothing on the way can rewrite it), and receivers refuse any other value with 400.
     */
    public static final String ORGANIZATION_HEADER = "X-Organization-Id";

    /** The caller whose secret matches, compared in constant time. */
    public Optional<String> authenticate(String presented) {
        if (!StringUtils.hasText(presented) || !StringUtils.hasText(acceptedCredentials)) {
            return Optional.empty();
        }
        int colon = presented.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String secret = accepted().get(presented.substring(0, colon));
        boolean match = secret != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                presented.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        return match ? Optional.of(presented.substring(0, colon)) : Optional.empty();
    }

    private Map<String, String> accepted() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : acceptedCredentials.split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                out.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
            }
        }
        return out;
    }
}
