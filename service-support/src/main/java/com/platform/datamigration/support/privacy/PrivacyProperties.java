package com.platform.datamigration.support.privacy;

import com.platform.datamigration.contracts.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The keys of {@code hmac_sha256(x)} ({@code dm.privacy.*}), the same in mapping-service (previews, validation) and
 * run-service (runs), so a preview hashes as the run will. One platform secret is configured; each organization's key
 * is derived from it, {@code HMAC-SHA-256(secret, "dm-hmac-v1:" + organizationId)}, so two organizations hash the same
 * value differently and nothing has to be configured per organization. Neither the secret nor a key is ever written
 * anywhere: not in a mapping, an event, a log, an error or the source's SQL ({@link #toString()} leaves them out).
 *
 * @param hmacSecret the platform's secret ({@code DM_HMAC_SECRET}); no default: without it a mapping using
 *                   {@code hmac_sha256} is refused with {@code HMAC_KEY_NOT_CONFIGURED}. Changing it changes every
 *                   organization's hashes.
 * @param hmacKeys   optional organization id → key (its UTF-8 bytes) taking the place of the derived key, for an
 *                   organization whose hashes must match ones made elsewhere ({@code dm.privacy.hmac-keys[org-1]}); none
 *                   by default
 */
@ConfigurationProperties("dm.privacy")
public record PrivacyProperties(String hmacSecret, Map<String, String> hmacKeys) {

    /** The property that holds the platform's secret. */
    public static final String SECRET_PROPERTY = "dm.privacy.hmac-secret";

    /** What a mapping using {@code hmac_sha256} is told when there is no key. */
    public static final String MISSING_KEY = "hmac_sha256 needs the organization's hashing key, and the platform has none: set "
            + SECRET_PROPERTY + " (environment DM_HMAC_SECRET) in mapping-service and run-service";

    /** The prefix of what the platform's secret signs to give an organization's key: its version, so a new scheme can follow. */
    static final String DERIVATION = "dm-hmac-v1:";

    public PrivacyProperties {
        hmacKeys = hmacKeys == null ? Map.of() : Map.copyOf(hmacKeys);
    }

    /** Whether {@code hmac_sha256} has a key for every organization. */
    public boolean configured() {
        return StringUtils.hasText(hmacSecret);
    }

    /** The organization's key for {@code hmac_sha256}: its own when one is configured, else derived; empty without either. */
    public Optional<byte[]> hmacKey(OrganizationId organization) {
        String own = hmacKeys.get(organization.value());
        if (StringUtils.hasText(own)) {
            return Optional.of(own.getBytes(StandardCharsets.UTF_8));
        }
        if (!configured()) {
            return Optional.empty();
        }
        return Optional.of(derive(hmacSecret.getBytes(StandardCharsets.UTF_8), organization.value()));
    }

    /** {@code HMAC-SHA-256(secret, "dm-hmac-v1:" + organizationId)}. */
    static byte[] derive(byte[] secret, String organizationId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((DERIVATION + organizationId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Not passed on: the message of a key error could describe the key.
            throw new IllegalStateException("HMAC-SHA-256 is not available");
        }
    }

    @Override
    public String toString() {
        return "PrivacyProperties[hmacSecret=" + (configured() ? "(set)" : "(none)") + ", hmacKeys=" + hmacKeys.size() + " organization(s)]";
    }
}
