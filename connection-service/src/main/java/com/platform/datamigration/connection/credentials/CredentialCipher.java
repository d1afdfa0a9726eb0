package com.platform.datamigration.connection.credentials;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.util.StringUtils;

/**
 * AES-256-GCM encryption of connection passwords. The associated data binds a ciphertext to its organization and
 * connection, so a ciphertext copied to another row does not decrypt. Each ciphertext records the id of its key;
 * the active key encrypts, every configured key decrypts, which makes rotation possible.
 */
public final class CredentialCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final String activeKey;
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(CredentialProperties props) {
        if (!StringUtils.hasText(props.keys()) || !StringUtils.hasText(props.activeKey())) {
            throw new IllegalStateException(
                    "dm.credentials.keys and dm.credentials.active-key (DM_CREDENTIALS_KEYS, DM_CREDENTIALS_ACTIVE_KEY) must be set");
        }
        for (String entry : props.keys().split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("dm.credentials.keys: expected keyId:base64Key entries");
            }
            byte[] key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            if (key.length != 32) {
                throw new IllegalStateException("dm.credentials.keys: key " + entry.substring(0, colon).trim() + " is not 32 bytes");
            }
            keys.put(entry.substring(0, colon).trim(), new SecretKeySpec(key, "AES"));
        }
        if (!keys.containsKey(props.activeKey())) {
            throw new IllegalStateException("dm.credentials.active-key names no configured key");
        }
        this.activeKey = props.activeKey();
    }

    /** A password encrypted under a key. */
    public record Sealed(String keyId, byte[] ciphertext) {
    }

    public String activeKey() {
        return activeKey;
    }

    public Sealed encrypt(OrganizationId organization, ConnectionId connection, String password) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(organization, connection));
            byte[] sealed = cipher.doFinal(password.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeKey, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts; fails when the key is unknown or the ciphertext belongs to another organization or connection. */
    public String decrypt(OrganizationId organization, ConnectionId connection, Sealed sealed) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new CredentialException("the key that encrypted this password is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.ciphertext(), 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(organization, connection));
            byte[] plain = cipher.doFinal(sealed.ciphertext(), NONCE_BYTES, sealed.ciphertext().length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new CredentialException("the stored password does not decrypt for this connection");
        }
    }

    private static byte[] associatedData(OrganizationId organization, ConnectionId connection) {
        return ("dm-credential|v1|" + organization.value() + "|" + connection).getBytes(StandardCharsets.UTF_8);
    }

    /** A stored password that cannot be used; the message never contains key material or the password. */
    public static final class CredentialException extends RuntimeException {
        CredentialException(String message) {
            super(message);
        }
    }
}
