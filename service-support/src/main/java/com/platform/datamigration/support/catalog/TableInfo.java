package com.platform.datamigration.support.catalog;

import java.util.List;

/**
 * One table or view as discovered: the unit a snapshot stores and drift compares.
 *
 * @param kind        {@code TABLE}, {@code VIEW}, {@code MATERIALIZED_VIEW}, {@code PARTITIONED_TABLE}, {@code FOREIGN_TABLE}
 * @param rowEstimate the engine's statistics estimate (not a count), or -1 when unknown
 * @param sizeBytes   storage size including indexes, or {@code null} for views
 */
public record TableInfo(
        String schema,
        String name,
        String kind,
        long rowEstimate,
        Long sizeBytes,
        List<ColumnInfo> columns,
        List<String> primaryKey,
        List<UniqueConstraint> uniqueConstraints,
        List<ForeignKey> foreignKeys,
        List<IndexInfo> indexes) {

    public TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueConstraints = List.copyOf(uniqueConstraints);
        foreignKeys = List.copyOf(foreignKeys);
        indexes = List.copyOf(indexes);
    }

    /**
     * @param normalizedType one of BOOLEAN, INT16, INT32, INT64, DECIMAL, FLOAT32, FLOAT64, STRING, BYTES, DATE,
     *                       TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, UUID, JSON, ARRAY, ENUM, SET, OTHER
     * @param generated      the engine fills it (identity, auto-increment, generated column): never written to
     */
    public record ColumnInfo(String name, int ordinal, String nativeType, String normalizedType, boolean nullable,
                             String defaultValue, Integer length, Integer precision, Integer scale, boolean generated) {
    }

    public record UniqueConstraint(String name, List<String> columns) {
    }

    public record ForeignKey(String name, List<String> columns, String referencedSchema, String referencedTable,
                             List<String> referencedColumns) {
    }

    public record IndexInfo(String name, List<String> columns, boolean unique) {
    }

    public ColumnInfo column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst().orElse(null);
    }
}
