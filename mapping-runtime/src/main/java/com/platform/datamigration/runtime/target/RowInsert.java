package com.platform.datamigration.runtime.target;

import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.runtime.value.ValueText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * One mapped row into the target, under a savepoint, with the mapping's conflict policy: the write a run falls back
 * to for rows a batch could not take, and the write a preview tries (and rolls back), so both meet the same refusals.
 * Values go as {@link ValueText} cast to each column's type; a column of unknown type (null) takes a text value
 * untyped, so the server converts it to the column's own type.
 */
public final class RowInsert {

    private static final PostgresDialect PG = PostgresDialect.INSTANCE;

    private final String sql;
    private final List<String> types;

    /** What one row's write did: written, passed over by the conflict policy, or refused by the target. */
    public record Outcome(boolean written, TargetRefusal.Refused refused) {
    }

    /**
     * @param columns     every column written, in the order values are given (the mapped ones, then the tenant column)
     * @param types       each column's type, or null for the server to take the column's own
     * @param policy      what a row whose {@code conflictKey} exists does
     * @param conflictKey what identifies a target row (the tenant column with the mapping's key)
     * @param updated     what {@code UPSERT} updates
     */
    public RowInsert(String schema, String table, List<String> columns, List<String> types, OnConflict policy, List<String> conflictKey,
            List<String> updated) {
        if (columns.size() != types.size()) {
            throw new IllegalArgumentException("one type per column");
        }
        this.types = new ArrayList<>(types);
        this.sql = PG.insert(PG.table(schema, table), columns, types, PG.onConflict(policy, conflictKey, updated));
    }

    public String sql() {
        return sql;
    }

    /** The statement to pass to {@link #write}; the caller closes it. */
    public PreparedStatement prepare(Connection c) throws SQLException {
        return c.prepareStatement(sql);
    }

    /**
     * Writes one row under a savepoint on {@code c}, whose transaction the caller owns; whatever happens to the row,
     * the transaction is back where it was before it.
     *
     * @throws SQLException when the failure is not the target refusing this row's data (a lost connection, a lock,
     *                      a missing privilege)
     */
    public Outcome write(Connection c, PreparedStatement st, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = ValueText.parameter(values[i]);
            if (types.get(i) == null && v instanceof String) {
                st.setObject(i + 1, v, Types.OTHER);
            } else {
                st.setObject(i + 1, v);
            }
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            boolean written = st.executeUpdate() > 0;
            c.releaseSavepoint(savepoint);
            return new Outcome(written, null);
        } catch (SQLException e) {
            rollBack(c, savepoint, e);
            if (!TargetRefusal.isDataError(e)) {
                throw e;
            }
            return new Outcome(false, TargetRefusal.of(e));
        }
    }

    /** Back to before the row, so that the transaction goes on; a connection that cannot do it fails with the first cause. */
    private static void rollBack(Connection c, Savepoint savepoint, SQLException cause) throws SQLException {
        try {
            c.rollback(savepoint);
        } catch (SQLException e) {
            cause.addSuppressed(e);
            throw cause;
        }
    }
}
