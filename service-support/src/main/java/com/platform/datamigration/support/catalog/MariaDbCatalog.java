package com.platform.datamigration.support.catalog;

import com.platform.datamigration.contracts.DatabaseType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** MySQL and MariaDB catalogs from information_schema, every visible schema but the system ones. */
public final class MariaDbCatalog implements CatalogDialect {

    private static final String USER_SCHEMAS = "NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";

    @Override
    public boolean supports(DatabaseType type) {
        return type == DatabaseType.MYSQL || type == DatabaseType.MARIADB;
    }

    private record Key(String schema, String table) {
    }

    private record Relation(String kind, long rowEstimate, Long size) {
    }

    @Override
    public void discover(Connection c, Consumer<TableInfo> sink) throws SQLException {
        Map<Key, Relation> relations = new LinkedHashMap<>();
        Map<Key, List<TableInfo.ColumnInfo>> columns = new LinkedHashMap<>();
        Map<Key, Map<String, List<String>>> primaryAndUnique = new LinkedHashMap<>();
        Map<Key, Map<String, TableInfo.ForeignKey>> foreignKeys = new LinkedHashMap<>();
        Map<Key, Map<String, TableInfo.IndexInfo>> indexes = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("""
                    SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH AS SIZE
                    FROM information_schema.TABLES WHERE TABLE_SCHEMA\s""" + USER_SCHEMAS + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
                while (rs.next()) {
                    boolean view = "VIEW".equals(rs.getString("TABLE_TYPE"));
                    long rows = rs.getLong("TABLE_ROWS");
                    boolean rowsUnknown = rs.wasNull();
                    long size = rs.getLong("SIZE");
                    relations.put(key(rs), new Relation(view ? "VIEW" : "TABLE", rowsUnknown ? -1 : rows,
                            view || rs.wasNull() ? null : size));
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE,
                           COLUMN_DEFAULT, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, EXTRA
                    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA\s""" + USER_SCHEMAS
                    + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    String columnType = rs.getString("COLUMN_TYPE");
                    String dataType = rs.getString("DATA_TYPE");
                    // The column type where it says more than the data type: tinyint(1) is MySQL's boolean, and an
                    // unsigned integer needs the next wider type (a bigint unsigned, a decimal: it exceeds a long).
                    String normalized = CatalogDialect.normalize(columnType.startsWith("tinyint(1)") || columnType.contains("unsigned")
                            ? columnType : dataType);
                    columns.computeIfAbsent(key(rs), k -> new ArrayList<>()).add(new TableInfo.ColumnInfo(
                            rs.getString("COLUMN_NAME"), rs.getInt("ORDINAL_POSITION"), columnType, normalized,
                            "YES".equals(rs.getString("IS_NULLABLE")), rs.getString("COLUMN_DEFAULT"),
                            integer(rs, "CHARACTER_MAXIMUM_LENGTH"), integer(rs, "NUMERIC_PRECISION"), integer(rs, "NUMERIC_SCALE"),
                            extra(rs)));
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,
                           REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
                    FROM information_schema.KEY_COLUMN_USAGE
                    WHERE TABLE_SCHEMA\s""" + USER_SCHEMAS + """
                     ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
                    """)) {
                // Not joined with TABLE_CONSTRAINTS, which hides rows from users holding only SELECT: a key that
                // references a table is a foreign key, PRIMARY is the primary key, the rest are unique keys.
                while (rs.next()) {
                    Key key = key(rs);
                    String name = rs.getString("CONSTRAINT_NAME");
                    if (rs.getString("REFERENCED_TABLE_NAME") != null) {
                        Map<String, TableInfo.ForeignKey> fks = foreignKeys.computeIfAbsent(key, k -> new LinkedHashMap<>());
                        TableInfo.ForeignKey fk = fks.computeIfAbsent(name, n -> new TableInfo.ForeignKey(n, new ArrayList<>(),
                                rsString(rs, "REFERENCED_TABLE_SCHEMA"), rsString(rs, "REFERENCED_TABLE_NAME"), new ArrayList<>()));
                        fk.columns().add(rs.getString("COLUMN_NAME"));
                        fk.referencedColumns().add(rs.getString("REFERENCED_COLUMN_NAME"));
                    } else {
                        primaryAndUnique.computeIfAbsent(key, k -> new LinkedHashMap<>())
                                .computeIfAbsent(name, n -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME
                    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA\s""" + USER_SCHEMAS
                    + " ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
                while (rs.next()) {
                    boolean unique = rs.getInt("NON_UNIQUE") == 0;
                    indexes.computeIfAbsent(key(rs), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString("INDEX_NAME"), n -> new TableInfo.IndexInfo(n, new ArrayList<>(), unique))
                            .columns().add(rs.getString("COLUMN_NAME") == null ? "(expression)" : rs.getString("COLUMN_NAME"));
                }
            }
        }
        for (Map.Entry<Key, Relation> e : relations.entrySet()) {
            Key k = e.getKey();
            Map<String, List<String>> keys = primaryAndUnique.getOrDefault(k, Map.of());
            List<TableInfo.UniqueConstraint> uniques = keys.entrySet().stream().filter(u -> !"PRIMARY".equals(u.getKey()))
                    .map(u -> new TableInfo.UniqueConstraint(u.getKey(), u.getValue())).toList();
            sink.accept(new TableInfo(k.schema(), k.table(), e.getValue().kind(), e.getValue().rowEstimate(), e.getValue().size(),
                    columns.getOrDefault(k, List.of()), keys.getOrDefault("PRIMARY", List.of()), uniques,
                    List.copyOf(foreignKeys.getOrDefault(k, Map.of()).values()),
                    List.copyOf(indexes.getOrDefault(k, Map.of()).values())));
        }
    }

    private static boolean extra(ResultSet rs) throws SQLException {
        String extra = rs.getString("EXTRA") == null ? "" : rs.getString("EXTRA").toLowerCase(java.util.Locale.ROOT);
        return extra.contains("auto_increment") || extra.contains("generated") || extra.contains("virtual")
                || extra.contains("stored");
    }

    private static Key key(ResultSet rs) throws SQLException {
        return new Key(rs.getString("TABLE_SCHEMA"), rs.getString("TABLE_NAME"));
    }

    private static String rsString(ResultSet rs, String column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() || value > Integer.MAX_VALUE ? null : (int) value;
    }
}
