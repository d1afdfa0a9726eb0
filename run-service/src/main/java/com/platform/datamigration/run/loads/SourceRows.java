package com.platform.datamigration.run.loads;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.runtime.value.NormalizedType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGStatement;

/** Where a chunk's rows come from, for the loads that map rows in Java. */
@FunctionalInterface
interface SourceRows {

    // Rows fetched per round trip: enough to hide the round trip, few enough that rows in flight stay in the young
    // generation.
    int FETCH = 2_000;

    /** Receives each row as column → value, as the value reader returns it. */
    @FunctionalInterface
    interface RowSink {
        void accept(Map<String, Object> row) throws SQLException;
    }

    /** Reads each row into {@code sink}; returns the rows read. */
    long read(RowSink sink) throws SQLException;

    /** The source rows of a range, streamed with bounded memory, each value read by its column's normalized type. */
    static SourceRows of(ChunkMapping mapping, ChunkStatements sql, Connection source, KeyRange range) {
        return sink -> {
            List<String> binds = new ArrayList<>();
            long n = query(mapping, source, sql.sourceSelect(range, binds), binds, sink);
            source.commit();
            return n;
        };
    }

    // Keys per statement when rows are read again by key.
    int KEYS = 500;

    /**
     * The source rows with these keys (as {@link Sift} keeps them), read in batches on {@code source} in its current
     * transaction, which the caller ends (PostgreSQL).
     */
    static SourceRows ofKeys(ChunkMapping mapping, ChunkStatements sql, Connection source, List<List<String>> keys) {
        return sink -> {
            long n = 0;
            for (int from = 0; from < keys.size(); from += KEYS) {
                List<String> binds = new ArrayList<>();
                String select = sql.sourceSelectByKeys(keys.subList(from, Math.min(keys.size(), from + KEYS)), binds);
                n += query(mapping, source, select, binds, sink);
            }
            return n;
        };
    }

    private static long query(ChunkMapping mapping, Connection source, String select, List<String> binds, RowSink sink)
            throws SQLException {
        List<String> names = mapping.readColumns();
        List<NormalizedType> columns = names.stream()
                .map(c -> NormalizedType.of(mapping.pinned().source().column(c).normalizedType())).toList();
        source.setAutoCommit(false);
        long n = 0;
        try (PreparedStatement st = source.prepareStatement(select, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(FETCH);
            if (mapping.pinned().sourceType() == DatabaseType.POSTGRESQL) {
                // Values in binary from the first execution: no text formatting on the source, no parsing here.
                st.unwrap(PGStatement.class).setPrepareThreshold(-1);
            }
            for (int i = 0; i < binds.size(); i++) {
                st.setString(i + 1, binds.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>(columns.size() * 2);
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(names.get(i), columns.get(i).read(rs, i + 1));
                    }
                    sink.accept(row);
                    n++;
                }
            }
        }
        return n;
    }
}
