package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.runtime.copy.RowDigest;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * {@code COPY (SELECT mapped values …) TO STDOUT (FORMAT binary)} on a PostgreSQL source streamed straight into
 * {@code COPY … FROM STDIN (FORMAT binary)} on the target, with no per-row work here: rows are passed on as they
 * arrive, gathered into large CopyData messages, one copy of their bytes.
 */
final class BinaryPipe {

    static final int BUFFER = 256 * 1024;

    private BinaryPipe() {
    }

    /**
     * Pipes a range of the mapping into {@code table} (the target, or a staging table), adding every row to
     * {@code digest} when it is not null.
     *
     * @return rows written
     * @throws SQLException when a row fails on either side; the target transaction must then be rolled back
     */
    static long pipe(ChunkStatements sql, Connection source, Connection target, String table, KeyRange range, RowDigest digest)
            throws SQLException {
        return pipe(sql, source, target, table, range, digest, null);
    }

    /**
     * Like {@link #pipe(ChunkStatements, Connection, Connection, String, KeyRange, RowDigest)}; with a {@code sift}, the
     * sifted SELECT is piped and the rows it holds back are left in the sift (by key) for the caller to map in Java.
     */
    static long pipe(ChunkStatements sql, Connection source, Connection target, String table, KeyRange range, RowDigest digest,
            Sift sift) throws SQLException {
        return pipe(source, target, sift == null ? sql.copyOut(range) : sql.siftedCopyOut(range), sql.copyIn(table, " (FORMAT binary)"),
                digest, sift);
    }

    /** {@code copyOut} on the source streamed into {@code copyIn} on the target, sifted by {@code sift} when not null. */
    static long pipe(Connection source, Connection target, String copyOut, String copyIn, RowDigest digest, Sift sift)
            throws SQLException {
        CopyOut out = source.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
        CopyIn in;
        try {
            in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn);
        } catch (SQLException e) {
            out.cancelCopy();
            throw e;
        }
        try {
            byte[] batch = new byte[BUFFER];
            int used = 0;
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                int length = sift == null ? row.length : sift.pass(row);
                if (length == 0) {
                    continue;
                }
                if (digest != null) {
                    digest.add(row, length);
                }
                if (used + length > batch.length) {
                    if (used > 0) {
                        in.writeToCopy(batch, 0, used);
                        used = 0;
                    }
                    if (length > batch.length) {
                        in.writeToCopy(row, 0, length);
                        continue;
                    }
                }
                System.arraycopy(row, 0, batch, used, length);
                used += length;
            }
            if (used > 0) {
                in.writeToCopy(batch, 0, used);
            }
            return in.endCopy();
        } catch (SQLException e) {
            if (out.isActive()) {
                try {
                    out.cancelCopy();
                } catch (SQLException ignored) {
                    // the source connection is discarded anyway
                }
            }
            TargetCopy.cancel(in);
            throw e;
        }
    }
}
