package com.platform.datamigration.run.runs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A quarantined row as the API shows it. */
public record RejectView(long id, UUID mappingId, int chunkNo, Map<String, String> sourceKey, Map<String, String> raw, String field,
                         String code, String reason, Instant rejectedAt, Instant resolvedAt) {
}
