package com.platform.datamigration.run.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A row of the quarantine ({@code dm_ledger.reject}). */
public record StoredReject(long id, UUID mappingId, int chunkNo, Map<String, String> sourceKey, Map<String, String> raw,
                           String field, String code, String reason, Instant rejectedAt, Instant resolvedAt) {
}
