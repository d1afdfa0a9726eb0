package com.platform.datamigration.connection.connections;

import com.platform.datamigration.connection.credentials.CredentialCipher;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import java.time.Instant;

/**
 * A connection as stored.
 *
 * @param password   the sealed password, or {@code null}
 * @param lastTest   the last test result as JSON, or {@code null}
 */
public record StoredConnection(
        ConnectionId id,
        OrganizationId organizationId,
        String name,
        ConnectionSpec spec,
        CredentialCipher.Sealed password,
        long revision,
        String lastTest,
        Instant lastTestedAt,
        Instant createdAt,
        Instant updatedAt) {
}
