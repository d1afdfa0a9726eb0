package com.platform.datamigration.connection.credentials;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Key rotation: re-encrypts every password not under the active key. Run it after adding a new key and making it
 * active (the old key stays configured until this has run):
 * {@code java -jar connection-service.jar --reencrypt-credentials}; the process re-encrypts, reports and exits.
 */
@Component
public class CredentialRotation implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CredentialRotation.class);

    private final DatabaseClient db;
    private final CredentialCipher cipher;
    private final ApplicationContext context;

    CredentialRotation(DatabaseClient db, CredentialCipher cipher, ApplicationContext context) {
        this.db = db;
        this.cipher = cipher;
        this.context = context;
    }

    private record Row(UUID id, String organizationId, String keyId, byte[] ciphertext) {
    }

    /** Re-encrypts under the active key; returns how many passwords changed key. */
    public long reencryptAll() {
        Long count = db.sql("""
                        SELECT id, organization_id, password_key_id, password_ciphertext FROM connection
                        WHERE password_ciphertext IS NOT NULL AND password_key_id <> :active
                        """)
                .bind("active", cipher.activeKey())
                .map(r -> new Row(r.get("id", UUID.class), r.get("organization_id", String.class),
                        r.get("password_key_id", String.class), r.get("password_ciphertext", byte[].class)))
                .all()
                .concatMap(this::reencrypt)
                .count()
                .block();
        return count == null ? 0 : count;
    }

    private Mono<Long> reencrypt(Row row) {
        OrganizationId org = OrganizationId.of(row.organizationId());
        ConnectionId id = new ConnectionId(row.id());
        String password = cipher.decrypt(org, id, new CredentialCipher.Sealed(row.keyId(), row.ciphertext()));
        CredentialCipher.Sealed sealed = cipher.encrypt(org, id, password);
        return db.sql("""
                        UPDATE connection SET password_ciphertext = :cipher, password_key_id = :keyId, revision = revision + 1
                        WHERE id = :id AND password_ciphertext = :oldCipher
                        """)
                .bind("cipher", sealed.ciphertext()).bind("keyId", sealed.keyId()).bind("id", row.id())
                .bind("oldCipher", row.ciphertext())
                .fetch().rowsUpdated();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (args.containsOption("reencrypt-credentials")) {
            long changed = reencryptAll();
            log.info("Re-encrypted {} connection passwords under key {}", changed, cipher.activeKey());
            System.exit(SpringApplication.exit(context, () -> 0));
        }
    }
}
