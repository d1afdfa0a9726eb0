package com.platform.datamigration.connection.credentials;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys that encrypt connection passwords at rest ({@code dm.credentials.*}).
 *
 * @param keys      comma-separated {@code keyId:base64Key} pairs, each key 32 bytes (AES-256); old keys stay listed
 *                  so that passwords they encrypted still decrypt ({@code DM_CREDENTIALS_KEYS})
 * @param activeKey the key id that encrypts new passwords ({@code DM_CREDENTIALS_ACTIVE_KEY})
 */
@ConfigurationProperties("dm.credentials")
public record CredentialProperties(String keys, String activeKey) {
}
