package com.platform.datamigration.support.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivacyPropertiesTest {

    private static final OrganizationId A = OrganizationId.of("org-a");
    private static final OrganizationId B = OrganizationId.of("org-b");

    @Test
    void eachOrganizationsKeyIsDerivedFromThePlatformsSecret() {
        PrivacyProperties props = new PrivacyProperties("platform-secret", null);
        byte[] a = props.hmacKey(A).orElseThrow();
        assertThat(a).hasSize(32).isEqualTo(props.hmacKey(A).orElseThrow()).isNotEqualTo(props.hmacKey(B).orElseThrow());
        // HMAC-SHA-256("platform-secret", "dm-hmac-v1:org-a"), as any implementation computes it.
        assertThat(HexFormat.of().formatHex(a)).isEqualTo("dec99c0f77f286c53d8d818e463973bab0739eaa0446aed063719268c3528614");
        assertThat(new PrivacyProperties("another-secret", null).hmacKey(A).orElseThrow()).isNotEqualTo(a);
    }

    @Test
    void withoutASecretThereIsNoKeyButAnOrganizationsOwnKeyStillCounts() {
        PrivacyProperties none = new PrivacyProperties("", Map.of("org-b", "b's own key"));
        assertThat(none.configured()).isFalse();
        assertThat(none.hmacKey(A)).isEmpty();
        assertThat(none.hmacKey(B).orElseThrow()).isEqualTo("b's own key".getBytes(StandardCharsets.UTF_8));
        assertThat(new PrivacyProperties(null, null).hmacKey(A)).isEmpty();
        assertThat(PrivacyProperties.MISSING_KEY).contains("dm.privacy.hmac-secret", "DM_HMAC_SECRET");
    }

    @Test
    void neitherTheSecretNorAKeyIsPrinted() {
        PrivacyProperties props = new PrivacyProperties("CANARY-secret", Map.of("org-b", "CANARY-key"));
        assertThat(props.toString()).doesNotContain("CANARY").contains("(set)", "1 organization(s)");
    }
}
