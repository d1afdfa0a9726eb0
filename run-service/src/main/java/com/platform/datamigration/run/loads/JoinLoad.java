package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.Rejects;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk whose lookups are translated set-based: its rows are piped (binary, sifted when some can fail) into a
 * staging table with their lookup keys, then written with one {@code INSERT … SELECT … LEFT JOIN} per chunk that
 * translates every key among the organization's rows at once, instead of a query per key. Rows a lookup finds no
 * row for, and the rows the sift held back, are read again by key in the same snapshot and mapped in Java, which
 * quarantines them ({@code LOOKUP_NOT_FOUND} and the like) with their raw values, in the chunk's transaction.
 */
final class JoinLoad implements ChunkLoad {

    @Override
    public LoadPath path() {
        return LoadPath.COPY_BINARY_JOINED;
    }

    @Override
    public ChunkWrite load(Chunk chunk, Connection target) throws SQLException, SourceException {
        ChunkMapping mapping = chunk.mapping();
        ChunkStatements sql = new ChunkStatements(mapping);
        try (Connection source = chunk.source().open()) {
            Joined joined = join(sql, source, target, chunk.claim().range(), mapping.targetTable(), sql.conflictClause());
            ChunkWrite decoded = joined.kept().isEmpty() ? null
                    : new DecodeWriter(mapping).writeRows(SourceRows.ofKeys(mapping, sql, source, joined.kept()), target, path());
            source.commit();
            long read = joined.staged() + (decoded == null ? 0 : decoded.rowsRead()) - joined.unresolved();
            long written = joined.written() + (decoded == null ? 0 : decoded.rowsWritten());
            return new ChunkWrite(read, written, decoded == null ? Rejects.none() : decoded.rejects(), path());
        }
    }

    /**
     * What a joined write did: rows staged, rows written, how many staged rows a lookup did not resolve, and the keys
     * left for Java (those and the rows the sift held back).
     */
    record Joined(long staged, long written, long unresolved, List<List<String>> kept) {
    }

    /**
     * Pipes the range into a staging table and writes the rows whose lookups resolve into {@code into} with
     * {@code conflict}, in one repeatable-read transaction of {@code source} left open for the caller to read the kept
     * rows again in the same snapshot, then commit.
     */
    static Joined join(ChunkStatements sql, Connection source, Connection target, KeyRange range, String into, String conflict)
            throws SQLException {
        source.setAutoCommit(false);
        source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        String staging = "dm_join";
        try (Statement st = target.createStatement()) {
            st.execute(sql.createJoinStaging(staging));
        }
        Sift sift = sql.mappingSiftable() ? new Sift(sql.markers()) : null;
        long staged = BinaryPipe.pipe(source, target, sql.joinedCopyOut(range), sql.copyIntoJoinStaging(staging), null, sift);
        long written;
        List<List<String>> kept = new ArrayList<>(sift == null ? List.of() : sift.kept());
        long unresolved = 0;
        try (Statement st = target.createStatement()) {
            st.execute("ANALYZE " + staging);  // a temporary table has no statistics; the join needs the row count
            written = st.executeUpdate(sql.insertJoined(staging, into, conflict));
            try (ResultSet rs = st.executeQuery(sql.unresolved(staging))) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> key = new ArrayList<>(width);
                    for (int i = 1; i <= width; i++) {
                        key.add(rs.getString(i));
                    }
                    kept.add(key);
                    unresolved++;
                }
            }
            st.execute("DROP TABLE " + staging);
        }
        return new Joined(staged, written, unresolved, kept);
    }
}
