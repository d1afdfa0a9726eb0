package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.Reconciliation;
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
            HeldBack held = HeldBack.write(mapping, sql, source, target, joined.kept(), path());
            source.commit();
            // What the chunk translated and wrote, against what the target now holds for those keys, in the same
            // transaction and without reading the source again (rows mapped in Java would need the full remap).
            Reconciliation inline = chunk.reconciles() && !held.wroteAny()
                    ? new Reconciler(mapping).compare(target, JOINED, "stream", held.refusedByTarget()) : null;
            return held.chunk(joined.staged() - joined.unresolved(), joined.written(), path(), inline);
        }
    }

    static final String STAGING = "dm_join";
    static final String JOINED = "dm_joined";

    /**
     * What a joined write did: rows staged, rows written, how many staged rows a lookup did not resolve, and the keys
     * left for Java (those and the rows the sift held back).
     */
    record Joined(long staged, long written, long unresolved, List<List<String>> kept) {
    }

    /**
     * Pipes the range into a staging table, translates its lookups into {@link #JOINED} (kept until the transaction
     * ends, holding only the resolved rows afterwards) and writes the resolved rows into {@code into} with
     * {@code conflict}, in one repeatable-read transaction of {@code source} left open for the caller to read the kept
     * rows again in the same snapshot, then commit.
     */
    static Joined join(ChunkStatements sql, Connection source, Connection target, KeyRange range, String into, String conflict)
            throws SQLException {
        source.setAutoCommit(false);
        source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement st = target.createStatement()) {
            st.execute(sql.createJoinStaging(STAGING));
        }
        Sift sift = sql.mappingSiftable() ? new Sift(sql.markers()) : null;
        long staged = BinaryPipe.pipe(source, target, sql.joinedCopyOut(range), sql.copyIntoJoinStaging(STAGING), null, sift);
        long written;
        List<List<String>> kept = new ArrayList<>(sift == null ? List.of() : sift.kept());
        long unresolved = 0;
        try (Statement st = target.createStatement()) {
            st.execute("ANALYZE " + STAGING);  // a temporary table has no statistics; the joins need the row count
            st.execute(sql.createJoined(STAGING, JOINED));
            st.execute("DROP TABLE " + STAGING);
            try (ResultSet rs = st.executeQuery(sql.unresolved(JOINED))) {
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
            written = st.executeUpdate(sql.insertResolved(JOINED, into, conflict));
            if (unresolved > 0) {
                st.executeUpdate("DELETE FROM " + JOINED + " WHERE NOT dm_resolved");
            }
        }
        return new Joined(staged, written, unresolved, kept);
    }
}
