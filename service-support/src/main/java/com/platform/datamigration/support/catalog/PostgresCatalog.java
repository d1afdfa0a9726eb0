package com.platform.datamigration.support.catalog;

import com.platform.datamigration.contracts.DatabaseType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** PostgreSQL catalogs from pg_catalog: four set-based queries, whatever the number of tables. */
public final class PostgresCatalog implements CatalogDialect {

    private static final String VISIBLE_RELATIONS = """
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
              AND has_schema_privilege(n.oid, 'USAGE')
            """;

    @Override
    public boolean supports(DatabaseType type) {
        return type == DatabaseType.POSTGRESQL;
    }

    private record Relation(long oid, String schema, String name, String kind, long rowEstimate, Long size) {
    }

    @Override
    public void discover(Connection c, Consumer<TableInfo> sink) throws SQLException {
        List<Relation> relations = new ArrayList<>();
        Map<Long, List<TableInfo.ColumnInfo>> columns = new HashMap<>();
        Map<Long, List<String>> primaryKeys = new HashMap<>();
        Map<Long, List<TableInfo.UniqueConstraint>> uniques = new HashMap<>();
        Map<Long, List<TableInfo.ForeignKey>> foreignKeys = new HashMap<>();
        Map<Long, List<TableInfo.IndexInfo>> indexes = new HashMap<>();
        try (Statement st = c.createStatement()) {
            st.setFetchSize(5_000);
            try (ResultSet rs = st.executeQuery("""
                    SELECT c.oid::bigint AS oid, n.nspname, c.relname, c.relkind, c.reltuples::bigint AS estimate,
                           CASE WHEN c.relkind IN ('r', 'p', 'm') THEN pg_total_relation_size(c.oid) END AS size
                    """ + VISIBLE_RELATIONS + " ORDER BY n.nspname, c.relname")) {
                while (rs.next()) {
                    long size = rs.getLong("size");
                    Long sizeOrNull = rs.wasNull() ? null : size;
                    relations.add(new Relation(rs.getLong("oid"), rs.getString("nspname"), rs.getString("relname"),
                            kind(rs.getString("relkind")), rs.getLong("estimate"), sizeOrNull));
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT a.attrelid::bigint AS relid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod) AS native_type,
                           t.typname, t.typtype, t.typcategory, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default_value,
                           (a.attidentity <> '' OR a.attgenerated <> '') AS generated,
                           CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 0 THEN a.atttypmod - 4 END AS len,
                           CASE WHEN t.typname = 'numeric' AND a.atttypmod > 0 THEN ((a.atttypmod - 4) >> 16) & 65535 END AS prec,
                           CASE WHEN t.typname = 'numeric' AND a.atttypmod > 0 THEN (a.atttypmod - 4) & 65535 END AS scale
                    FROM pg_attribute a
                    JOIN pg_type t ON t.oid = a.atttypid
                    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE a.attnum > 0 AND NOT a.attisdropped
                      AND a.attrelid IN (SELECT c.oid\s""" + VISIBLE_RELATIONS + """
                    ) ORDER BY a.attrelid, a.attnum
                    """)) {
                while (rs.next()) {
                    String nativeType = rs.getString("native_type");
                    String normalized = "A".equals(rs.getString("typcategory")) ? "ARRAY"
                            : "e".equals(rs.getString("typtype")) ? "ENUM" : CatalogDialect.normalize(rs.getString("typname"));
                    if ("OTHER".equals(normalized)) {
                        normalized = CatalogDialect.normalize(nativeType);
                    }
                    columns.computeIfAbsent(rs.getLong("relid"), k -> new ArrayList<>()).add(new TableInfo.ColumnInfo(
                            rs.getString("attname"), rs.getInt("attnum"), nativeType, normalized, !rs.getBoolean("attnotnull"),
                            rs.getString("default_value"), integer(rs, "len"), integer(rs, "prec"), integer(rs, "scale"),
                            rs.getBoolean("generated")));
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT con.conrelid::bigint AS relid, con.conname, con.contype,
                           ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS cols,
                           fn.nspname AS ref_schema, fc.relname AS ref_table,
                           ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_cols
                    FROM pg_constraint con
                    LEFT JOIN pg_class fc ON fc.oid = con.confrelid
                    LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
                    WHERE con.contype IN ('p', 'u', 'f') AND con.conrelid <> 0
                    ORDER BY con.conrelid, con.conname
                    """)) {
                while (rs.next()) {
                    long relid = rs.getLong("relid");
                    List<String> cols = strings(rs.getArray("cols"));
                    switch (rs.getString("contype")) {
                        case "p" -> primaryKeys.put(relid, cols);
                        case "u" -> uniques.computeIfAbsent(relid, k -> new ArrayList<>())
                                .add(new TableInfo.UniqueConstraint(rs.getString("conname"), cols));
                        default -> foreignKeys.computeIfAbsent(relid, k -> new ArrayList<>()).add(new TableInfo.ForeignKey(
                                rs.getString("conname"), cols, rs.getString("ref_schema"), rs.getString("ref_table"),
                                strings(rs.getArray("ref_cols"))));
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT i.indrelid::bigint AS relid, ic.relname, i.indisunique,
                           ARRAY(SELECT COALESCE(a.attname, '(expression)')
                                 FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                                 LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                 ORDER BY k.ord) AS cols
                    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                    ORDER BY i.indrelid, ic.relname
                    """)) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getLong("relid"), k -> new ArrayList<>()).add(new TableInfo.IndexInfo(
                            rs.getString("relname"), strings(rs.getArray("cols")), rs.getBoolean("indisunique")));
                }
            }
        }
        for (Relation r : relations) {
            sink.accept(new TableInfo(r.schema(), r.name(), r.kind(), r.rowEstimate(), r.size(),
                    columns.getOrDefault(r.oid(), List.of()), primaryKeys.getOrDefault(r.oid(), List.of()),
                    uniques.getOrDefault(r.oid(), List.of()), foreignKeys.getOrDefault(r.oid(), List.of()),
                    indexes.getOrDefault(r.oid(), List.of())));
        }
    }

    private static String kind(String relkind) {
        return switch (relkind) {
            case "v" -> "VIEW";
            case "m" -> "MATERIALIZED_VIEW";
            case "p" -> "PARTITIONED_TABLE";
            case "f" -> "FOREIGN_TABLE";
            default -> "TABLE";
        };
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
