package com.platform.datamigration.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A new immutable version of a mapping was saved. Carries the full spec, so a run worker needs nothing else
 * to apply it.
 *
 * @param version   1 for the first save, then +1 per save
 * @param key       target fields that identify a row, used to write idempotently
 * @param filter    optional row filter in the mapping expression language, or {@code null}
 */
public record MappingSaved(
        MappingId mappingId,
        OrganizationId organizationId,
        int version,
        String name,
        SourceTable source,
        TargetTable target,
        List<String> key,
        OnConflict onConflict,
        String filter,
        List<FieldMapping> fields,
        Instant savedAt) implements DataMigrationEvent {

    public MappingSaved {
        key = List.copyOf(key);
        fields = List.copyOf(fields);
    }

    @Override
    public EventType eventType() {
        return EventType.MAPPING_SAVED;
    }

    @Override
    public String aggregateId() {
        return mappingId.toString();
    }

    /** The source table, named as in the connection's catalog. */
    public record SourceTable(ConnectionId connectionId, String schema, String table) {
    }

    /** The target table in the platform's database. */
    public record TargetTable(String schema, String table) {
    }

    /** One target field and the expression (mapping expression language) that produces it. */
    public record FieldMapping(String target, String expression) {
    }

    /** What a write does when a row with the same key already exists in the target. */
    public enum OnConflict {
        UPSERT,
        SKIP,
        FAIL
    }
}
