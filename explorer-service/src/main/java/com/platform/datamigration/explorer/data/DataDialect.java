package com.platform.datamigration.explorer.data;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.support.catalog.TableInfo;

/**
 * Quoting and the sample and profile queries of one engine family. Identifiers come only from the stored
 * catalog and are always quoted here; nothing a user typed is ever concatenated into SQL.
 */
interface DataDialect {

    boolean supports(DatabaseType type);

    String quote(String identifier);

    default String qualified(TableInfo table) {
        return quote(table.schema()) + "." + quote(table.name());
    }

    /** The length of a value of this column as text, or null when length means nothing for it. */
    String lengthExpression(TableInfo.ColumnInfo column, String quoted);

    /** Whether min and max are meaningful and cheap for this column. */
    default boolean orderable(TableInfo.ColumnInfo column) {
        return switch (column.normalizedType()) {
            case "INT16", "INT32", "INT64", "DECIMAL", "FLOAT32", "FLOAT64", "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "STRING",
                    "UUID", "ENUM" -> true;
            default -> false;
        };
    }

    /** Text of an expression, for min/max of types the driver would not return comparably. */
    String asText(String quoted);

    /** Whether the column's own type has equality and ordering the profile can use (else it compares text). */
    default boolean native_(TableInfo.ColumnInfo column) {
        return switch (column.normalizedType()) {
            case "BOOLEAN", "INT16", "INT32", "INT64", "DECIMAL", "FLOAT32", "FLOAT64", "DATE", "TIMESTAMP", "TIMESTAMPTZ" -> true;
            case "STRING" -> !column.nativeType().toLowerCase(java.util.Locale.ROOT).startsWith("xml");
            default -> false;
        };
    }

    /** The column as a sample selects it: long text and binary values cut to {@code limit}. */
    String truncated(TableInfo.ColumnInfo column, String quoted, int limit);
}
