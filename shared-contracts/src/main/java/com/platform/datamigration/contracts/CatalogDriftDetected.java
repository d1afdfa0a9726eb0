package com.platform.datamigration.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A discovery found the source's catalog changed since the previous snapshot. Mapping-service flags the mappings
 * the change breaks. Names are as in the source catalog.
 *
 * @param fromSnapshot the previous snapshot
 * @param toSnapshot   the snapshot just taken
 */
public record CatalogDriftDetected(
        ConnectionId connectionId,
        OrganizationId organizationId,
        String fromSnapshot,
        String toSnapshot,
        List<TableRef> tablesAdded,
        List<TableRef> tablesRemoved,
        List<TableRename> tablesRenamed,
        List<TableChange> tablesChanged,
        Instant detectedAt) implements DataMigrationEvent {

    public CatalogDriftDetected {
        tablesAdded = List.copyOf(tablesAdded);
        tablesRemoved = List.copyOf(tablesRemoved);
        tablesRenamed = List.copyOf(tablesRenamed);
        tablesChanged = List.copyOf(tablesChanged);
    }

    @Override
    public EventType eventType() {
        return EventType.CATALOG_DRIFT_DETECTED;
    }

    @Override
    public String aggregateId() {
        return connectionId.toString();
    }

    /** A table or view. */
    public record TableRef(String schema, String table) {
    }

    /** A table that disappeared while one with the same columns appeared. */
    public record TableRename(TableRef from, TableRef to) {
    }

    /** Column changes of a table present in both snapshots. */
    public record TableChange(TableRef table, List<String> columnsAdded, List<String> columnsRemoved,
                              List<ColumnChange> columnsChanged) {
    }

    /** A column whose type or nullability changed. */
    public record ColumnChange(String column, String fromType, String toType, boolean fromNullable, boolean toNullable) {
    }
}
