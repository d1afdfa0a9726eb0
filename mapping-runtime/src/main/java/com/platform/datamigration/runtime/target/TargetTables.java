package com.platform.datamigration.runtime.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Describes target tables from the platform database's own catalog. */
public final class TargetTables {

    private TargetTables() {
    }

    /** The table's columns, primary key and referenced tables, or empty when it does not exist. */
    public static Optional<TargetTable> describe(Connection c, String schema, String table) throws SQLException {
        List<TargetTable.TargetColumn> columns = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typnamespace = 'pg_catalog'::regnamespace, a.attnotnull
                FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
                JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
                JOIN pg_type t ON t.oid = a.atttypid
                WHERE n.nspname = ? AND r.relname = ? AND r.relkind IN ('r', 'p')
                ORDER BY a.attnum
                """)) {
            st.setString(1, schema);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.add(new TargetTable.TargetColumn(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> pk = new ArrayList<>();
        List<TargetTable.TableRef> refs = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT con.contype, (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n),
                       fn.nspname, fr.relname
                FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
                LEFT JOIN pg_class fr ON fr.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fr.relnamespace
                WHERE n.nspname = ? AND r.relname = ? AND con.contype IN ('p', 'f')
                """)) {
            st.setString(1, schema);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if ("p".equals(rs.getString(1))) {
                        pk.addAll(List.of((String[]) rs.getArray(2).getArray()));
                    } else {
                        refs.add(new TargetTable.TableRef(rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        return Optional.of(new TargetTable(schema, table, columns, pk, refs));
    }
}
