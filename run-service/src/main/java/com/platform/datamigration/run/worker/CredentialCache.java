package com.platform.datamigration.run.worker;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.SourceCredentials;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A source's credentials as connection-service gives them, kept in this worker's memory for up to {@link #TTL} so
 * that a run of many chunks asks once a minute rather than once a chunk; never written anywhere. A credential that
 * cannot be had becomes a {@link CredentialsUnavailable} with the code the chunk fails with.
 */
final class CredentialCache {

    static final Duration TTL = Duration.ofSeconds(60);
    private static final int MAX_ENTRIES = 10_000;

    private record Cached(SourceCredentials credentials, long expiresAt) {
    }

    private final ConnectionCredentials credentials;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    CredentialCache(ConnectionCredentials credentials) {
        this.credentials = credentials;
    }

    SourceCredentials get(String organization, UUID connection) {
        String key = organization + ":" + connection;
        Cached cached = cache.get(key);
        long now = System.currentTimeMillis();
        if (cached != null && cached.expiresAt() > now) {
            return cached.credentials();
        }
        SourceCredentials c;
        try {
            c = credentials.of(OrganizationId.of(organization), new ConnectionId(connection)).block(Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            throw new CredentialsUnavailable(ConnectionCredentials.failureCode(e));
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(v -> v.expiresAt() <= now);
        }
        cache.put(key, new Cached(c, now + TTL.toMillis()));
        return c;
    }

    /** The source's credentials could not be had: {@link #code()} says why, as the ledger records it. */
    static final class CredentialsUnavailable extends RuntimeException {
        private final String code;

        CredentialsUnavailable(String code) {
            super(code, null, false, false);
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
