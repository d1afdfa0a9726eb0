package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.Reconciliation;
import com.platform.datamigration.run.ledger.Rejects;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows a pipe held back (a sift's, a join's unresolved lookups): read again by key on the pipe's source session,
 * in its snapshot, mapped in Java and written (or quarantined), and what they add to the chunk's figures.
 */
record HeldBack(ChunkWrite decoded) {

    /** Maps and writes the rows with these keys; nothing when there are none. */
    static HeldBack write(ChunkMapping mapping, ChunkStatements sql, Connection source, Connection target, List<List<String>> keys,
            LoadPath path) throws SQLException {
        return new HeldBack(keys.isEmpty() ? null : new DecodeWriter(mapping).writeRows(SourceRows.ofKeys(mapping, sql, source, keys),
                target, path));
    }

    /** Whether Java wrote any of them (the pipe's own proof then no longer covers the chunk). */
    boolean wroteAny() {
        return decoded != null && decoded.rowsWritten() > 0;
    }

    long refusedByTarget() {
        return decoded == null ? 0 : decoded.rejects().refusedByTarget();
    }

    /** The chunk's write: what the pipe read and wrote, these rows added, their rejects, and the proof if any. */
    ChunkWrite chunk(long pipeRead, long pipeWritten, LoadPath path, Reconciliation inline) {
        return decoded == null ? new ChunkWrite(pipeRead, pipeWritten, Rejects.none(), path, inline)
                : new ChunkWrite(pipeRead + decoded.rowsRead(), pipeWritten + decoded.rowsWritten(), decoded.rejects(), path, inline);
    }
}
