package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.run.ledger.Reconciliation;
import com.platform.datamigration.run.ledger.Rejects;
import com.platform.datamigration.runtime.copy.RowDigest;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/** Proves a written chunk: count and hash of the source's mapped values against the target's rows. */
public final class Reconciler {

    private final ChunkMapping mapping;
    private final ChunkStatements sql;

    public Reconciler(ChunkMapping mapping) {
        this.mapping = mapping;
        this.sql = new ChunkStatements(mapping);
    }

    /**
     * Reads back, in the writing transaction, the rows it has just written into the target for this chunk (the chunk's
     * key range, rows of this transaction only) as binary COPY, and compares them with what came out of the source:
     * the same number of rows and the same order-independent hash of their bytes. Source and target send the same
     * types, so equal values are equal bytes. Requires {@link ChunkMapping#keyRangeCarriesOver()}.
     */
    Reconciliation readBack(Connection target, KeyRange range, RowDigest written) throws SQLException {
        long xid;
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(PostgresDialect.INSTANCE.currentTransaction())) {
            rs.next();
            xid = rs.getLong(1);
        }
        RowDigest stored = new RowDigest();
        CopyOut out = target.unwrap(PGConnection.class).getCopyAPI().copyOut(sql.readBack(range, xid));
        byte[] row;
        while ((row = out.readFromCopy()) != null) {
            stored.add(row);
        }
        String sh = written.hash();
        String th = stored.hash();
        return new Reconciliation("stream", written.rows(), stored.rows(), 0, sh, th, written.rows() == stored.rows() && sh.equals(th));
    }

    private void stageInJava(SourceRows rows, Connection target, String staging) throws SQLException {
        RowMapper mapper = new RowMapper(mapping, target);
        List<Object[]> batch = new ArrayList<>();
        Rejects ignored = Rejects.counting();
        rows.read(row -> {
            Object[] mapped = mapper.map(row, ignored);
            if (mapped != null) {
                batch.add(mapped);
            }
        });
        if (!batch.isEmpty()) {
            TargetCopy.text(sql, target, staging, batch);
        }
    }

    /**
     * Maps the chunk again into a staging table on {@code target} and compares it with the target by key: every mapped
     * row that the target did not refuse must be there, with the same values. {@code piped} maps it in the source
     * through the binary pipe (as it was written), otherwise in Java. The caller rolls back (dropping the staging).
     */
    public Reconciliation remap(Connection source, Connection target, KeyRange range, boolean piped, long refused) throws SQLException {
        String staging = TargetCopy.staging(sql, target, "dm_reconcile");
        if (piped && mapping.joinable()) {
            // Joined as written: the lookups translated by the join, the rows kept back mapped in Java.
            JoinLoad.Joined joined = JoinLoad.join(sql, source, target, range, staging, "");
            stageInJava(SourceRows.ofKeys(mapping, sql, source, joined.kept()), target, staging);
            source.commit();
        } else if (piped && !mapping.siftable()) {
            BinaryPipe.pipe(sql, source, target, staging, range, null);
        } else {
            SourceRows rows = SourceRows.of(mapping, sql, source, range);
            if (piped) {
                // Piped as written, sifted: the rows held back are mapped in Java, as the load mapped them.
                SiftLoad.Sifted sifted = SiftLoad.pipe(sql, source, target, staging, range, false);
                rows = SourceRows.ofKeys(mapping, sql, source, sifted.sift().kept());
            }
            RowMapper mapper = new RowMapper(mapping, target);
            List<Object[]> batch = new ArrayList<>();
            Rejects ignored = Rejects.counting();
            rows.read(row -> {
                Object[] mapped = mapper.map(row, ignored);
                if (mapped == null) {
                    return;
                }
                batch.add(mapped);
                if (batch.size() >= DecodeWriter.BATCH) {
                    TargetCopy.text(sql, target, staging, batch);
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                TargetCopy.text(sql, target, staging, batch);
            }
            if (piped) {
                source.commit();
            }
        }
        return compare(target, staging, "remap", refused);
    }

    /**
     * The rows of {@code staging} (mapped values under the written columns' names) against the target's rows of the
     * same organization and key: every staged row the target did not refuse must be there with the same values.
     */
    Reconciliation compare(Connection target, String staging, String method, long refused) throws SQLException {
        // Staged rows carry the organization, so the join by tenant column and key sees only the organization's target rows.
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(sql.reconcile(staging))) {
            rs.next();
            long mapped = rs.getLong(1);
            long matched = rs.getLong(2);
            String sh = rs.getBigDecimal(3).toPlainString();
            String th = rs.getBigDecimal(4).toPlainString();
            return new Reconciliation(method, mapped, matched, refused, sh, th, matched == mapped - refused && sh.equals(th));
        }
    }
}
