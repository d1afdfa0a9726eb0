package com.platform.datamigration.run.ledger;

import java.util.Map;

/**
 * A row that does not arrive in the target, with the values it was read with (as text), the field at fault, a code
 * and a reason; {@code refusedByTarget} when the target's constraints refused it rather than the mapping.
 */
public record Reject(Map<String, String> sourceKey, Map<String, String> raw, String field, String code, String reason,
                     boolean refusedByTarget) {
}
