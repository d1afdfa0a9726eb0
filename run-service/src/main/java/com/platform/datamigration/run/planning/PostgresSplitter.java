package com.platform.datamigration.run.planning;

import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.support.catalog.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** PostgreSQL: bounds read as the dialect's key text ({@code ::text}); a table without a key is split by heap pages. */
final class PostgresSplitter extends Splitter {

    PostgresSplitter() {
        super(PostgresDialect.INSTANCE);
    }

    /**
     * A table without a key, split by physical position: ranges of pages read with TID range scans (PostgreSQL 14 and
     * later), as cheap as a sequential scan of the same pages. Rows updated while the run reads may move between
     * pages, so such a table should be loaded from a quiet source. One chunk when the server is older or the table
     * small.
     */
    @Override
    List<Range> keyless(Connection source, TableInfo table, int chunkSize, int maxChunks) throws SQLException {
        long pages;
        double tuples;
        try (PreparedStatement st = source.prepareStatement("""
                SELECT current_setting('server_version_num')::int, c.relpages, c.reltuples
                FROM pg_class c WHERE c.oid = to_regclass(?)
                """)) {
            st.setString(1, dialect.table(table.schema(), table.name()));
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || rs.getInt(1) < 140000) {
                    return super.keyless(source, table, chunkSize, maxChunks);
                }
                pages = rs.getLong(2);
                tuples = rs.getDouble(3);
            }
        }
        if (pages <= 1 || tuples <= chunkSize) {
            return super.keyless(source, table, chunkSize, maxChunks);
        }
        long pagesPerChunk = Math.max(Math.max(1, (long) Math.floor(chunkSize / (tuples / pages))), (pages + maxChunks - 1) / maxChunks);
        long n = (pages + pagesPerChunk - 1) / pagesPerChunk;
        List<Range> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(new Range(KeyRange.pages(i == 0 ? null : i * pagesPerChunk, i == n - 1 ? null : (i + 1) * pagesPerChunk),
                    (long) (tuples / n)));
        }
        return out;
    }
}
