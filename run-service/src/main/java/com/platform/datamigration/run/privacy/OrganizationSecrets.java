package com.platform.datamigration.run.privacy;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.expression.Secrets;
import com.platform.datamigration.support.privacy.PrivacyProperties;
import org.springframework.stereotype.Component;

/** The secrets an organization's expressions compile with: its key for {@code hmac_sha256} ({@link PrivacyProperties}). */
@Component
public class OrganizationSecrets {

    private final PrivacyProperties privacy;

    OrganizationSecrets(PrivacyProperties privacy) {
        this.privacy = privacy;
    }

    public Secrets of(OrganizationId organization) {
        return privacy.hmacKey(organization).map(Secrets::ofHmacKey).orElseGet(() -> Secrets.missing(PrivacyProperties.MISSING_KEY));
    }
}
