package com.platform.datamigration.support.catalog;

import com.platform.datamigration.contracts.DatabaseType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Reads a source's whole catalog in a handful of set-based queries (never one query per table), handing each
 * table to {@code sink} as soon as it is complete, so memory stays bounded by the largest batch, not the catalog.
 */
public interface CatalogDialect {

    boolean supports(DatabaseType type);

    /** The dialect of an engine. */
    static CatalogDialect of(DatabaseType type) {
        for (CatalogDialect d : new CatalogDialect[] {new PostgresCatalog(), new MariaDbCatalog()}) {
            if (d.supports(type)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no catalog dialect for " + type);
    }

    void discover(Connection connection, Consumer<TableInfo> sink) throws SQLException;

    /** Maps a native type name to the normalized type vocabulary of {@link TableInfo.ColumnInfo}. */
    static String normalize(String nativeType) {
        String t = nativeType.toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("[]") || t.startsWith("_")) {
            return "ARRAY";
        }
        int paren = t.indexOf('(');
        String base = (paren >= 0 ? t.substring(0, paren) : t).trim();
        boolean unsigned = t.contains("unsigned");
        return switch (base) {
            case "boolean", "bool", "bit" -> t.equals("bit(1)") || !base.equals("bit") ? "BOOLEAN" : "BYTES";
            case "tinyint" -> t.startsWith("tinyint(1)") ? "BOOLEAN" : "INT16";
            case "smallint", "int2", "smallserial" -> unsigned ? "INT32" : "INT16";
            case "integer", "int", "int4", "serial", "mediumint" -> unsigned ? "INT64" : "INT32";
            case "bigint", "int8", "bigserial" -> unsigned ? "DECIMAL" : "INT64";
            case "numeric", "decimal", "money" -> "DECIMAL";
            case "real", "float4", "float" -> "FLOAT32";
            case "double precision", "float8", "double" -> "FLOAT64";
            case "character varying", "varchar", "character", "char", "text", "tinytext", "mediumtext", "longtext",
                    "citext", "name", "bpchar", "xml" -> "STRING";
            case "bytea", "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary" -> "BYTES";
            case "date" -> "DATE";
            case "time", "time without time zone", "time with time zone", "timetz" -> "TIME";
            case "timestamp without time zone", "datetime" -> "TIMESTAMP";
            case "timestamp with time zone", "timestamptz" -> "TIMESTAMPTZ";
            case "timestamp" -> "TIMESTAMP";
            case "interval" -> "INTERVAL";
            case "uuid" -> "UUID";
            case "json", "jsonb" -> "JSON";
            case "enum" -> "ENUM";
            case "set" -> "SET";
            case "year" -> "INT16";
            default -> "OTHER";
        };
    }
}
