package com.platform.datamigration.connection.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.localstack.StackSecrets;
import com.platform.datamigration.testing.TestStack;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Key rotation on the real database: passwords move to the new key and still decrypt. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class CredentialRotationIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "dm_connection_rotation");
    }

    @Autowired
    DatabaseClient db;
    @Autowired
    CredentialCipher current;
    @Autowired
    ApplicationContext context;

    @Test
    void reencryptingMovesEveryPasswordToTheActiveKey() {
        OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
        ConnectionId id = ConnectionId.random();
        CredentialCipher.Sealed sealed = current.encrypt(org, id, "rotate-me");
        db.sql("""
                        INSERT INTO connection (id, organization_id, name, type, host, port, database_name, username,
                            password_ciphertext, password_key_id)
                        VALUES (:id, :org, :name, 'POSTGRESQL', 'db.example.org', 5432, 'clinic', 'reader', :cipher, :key)
                        """)
                .bind("id", id.value()).bind("org", org.value()).bind("name", "r-" + id).bind("cipher", sealed.ciphertext())
                .bind("key", sealed.keyId()).then().block();

        byte[] newKey = new byte[32];
        new SecureRandom().nextBytes(newKey);
        CredentialCipher rotated = new CredentialCipher(new CredentialProperties(
                TestStack.get().secrets().credentialKeys() + ",k-new:" + Base64.getEncoder().encodeToString(newKey), "k-new"));
        long changed = new CredentialRotation(db, rotated, context).reencryptAll();

        assertThat(changed).isGreaterThanOrEqualTo(1);
        var row = db.sql("SELECT password_key_id, password_ciphertext FROM connection WHERE id = :id").bind("id", id.value())
                .map(r -> new CredentialCipher.Sealed(r.get(0, String.class), r.get(1, byte[].class))).one().block();
        assertThat(row.keyId()).isEqualTo("k-new");
        assertThat(rotated.decrypt(org, id, row)).isEqualTo("rotate-me");
        assertThat(new CredentialRotation(db, rotated, context).reencryptAll()).isZero();
        assertThat(StackSecrets.CREDENTIAL_KEY_ID).isNotEqualTo("k-new");
    }
}
