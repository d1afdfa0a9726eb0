package com.platform.datamigration.run.loads;

import com.platform.datamigration.runtime.copy.TextCopyWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Writes into the target by COPY and plain statements, for the loads and the reconciliation. */
final class TargetCopy {

    private TargetCopy() {
    }

    /** Mapped rows into {@code table} by one text COPY. */
    static long text(ChunkStatements sql, Connection target, String table, List<Object[]> rows) throws SQLException {
        TextCopyWriter text = new TextCopyWriter();
        rows.forEach(text::row);
        CopyIn in = open(target, sql.copyIn(table, text.options()));
        try {
            in.writeToCopy(text.bytes(), 0, text.size());
            return in.endCopy();
        } catch (SQLException e) {
            cancel(in);
            throw e;
        }
    }

    static CopyIn open(Connection target, String copyIn) throws SQLException {
        return target.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn);
    }

    /** Ends a COPY that failed; the caller rolls the transaction back. */
    static void cancel(CopyIn in) {
        if (in.isActive()) {
            try {
                in.cancelCopy();
            } catch (SQLException ignored) {
                // rolled back by the caller
            }
        }
    }

    /** Creates a staging table for the mapping's written columns; returns its name. */
    static String staging(ChunkStatements sql, Connection target, String name) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute(sql.createStaging(name));
        }
        return name;
    }
}
