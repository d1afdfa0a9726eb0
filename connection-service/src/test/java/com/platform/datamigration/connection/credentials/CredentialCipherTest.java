package com.platform.datamigration.connection.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final OrganizationId ORG = OrganizationId.of("org-a");
    private static final ConnectionId CONNECTION = ConnectionId.random();

    private static String key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static final String K1 = "k1:" + key();
    private static final String K2 = "k2:" + key();

    @Test
    void encryptsWithAFreshNonceAndDecrypts() {
        CredentialCipher cipher = new CredentialCipher(new CredentialProperties(K1, "k1"));
        CredentialCipher.Sealed a = cipher.encrypt(ORG, CONNECTION, "s3cret");
        CredentialCipher.Sealed b = cipher.encrypt(ORG, CONNECTION, "s3cret");
        assertThat(a.keyId()).isEqualTo("k1");
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
        assertThat(new String(a.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
        assertThat(cipher.decrypt(ORG, CONNECTION, a)).isEqualTo("s3cret");
    }

    @Test
    void aCiphertextIsBoundToItsOrganizationAndConnection() {
        CredentialCipher cipher = new CredentialCipher(new CredentialProperties(K1, "k1"));
        CredentialCipher.Sealed sealed = cipher.encrypt(ORG, CONNECTION, "s3cret");
        assertThatThrownBy(() -> cipher.decrypt(OrganizationId.of("org-b"), CONNECTION, sealed))
                .isInstanceOf(CredentialCipher.CredentialException.class).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> cipher.decrypt(ORG, ConnectionId.random(), sealed))
                .isInstanceOf(CredentialCipher.CredentialException.class);
    }

    @Test
    void afterRotationOldCiphertextsStillDecryptAndNewOnesUseTheNewKey() {
        CredentialCipher before = new CredentialCipher(new CredentialProperties(K1, "k1"));
        CredentialCipher.Sealed old = before.encrypt(ORG, CONNECTION, "s3cret");
        CredentialCipher after = new CredentialCipher(new CredentialProperties(K1 + "," + K2, "k2"));
        assertThat(after.decrypt(ORG, CONNECTION, old)).isEqualTo("s3cret");
        assertThat(after.encrypt(ORG, CONNECTION, "s3cret").keyId()).isEqualTo("k2");
        CredentialCipher withoutOldKey = new CredentialCipher(new CredentialProperties(K2, "k2"));
        assertThatThrownBy(() -> withoutOldKey.decrypt(ORG, CONNECTION, old)).isInstanceOf(CredentialCipher.CredentialException.class);
    }

    @Test
    void refusesMissingOrShortKeys() {
        assertThatThrownBy(() -> new CredentialCipher(new CredentialProperties("", "k1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new CredentialCipher(new CredentialProperties("k1:" + Base64.getEncoder().encodeToString(new byte[16]), "k1")))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new CredentialCipher(new CredentialProperties(K1, "k9"))).hasMessageContaining("active-key");
    }
}
