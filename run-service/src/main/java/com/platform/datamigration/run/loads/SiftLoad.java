package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.Reconciliation;
import com.platform.datamigration.runtime.copy.RowDigest;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The binary pipe for a chunk holding rows its mapping cannot convert: the source's query tells each row's
 * convertibility ({@link ChunkStatements#siftedSelect}), the rows it holds go straight into the target, and the few
 * it holds back are read again by key, in the same snapshot of the source, and mapped in Java, which quarantines
 * exactly the failing ones with their raw values (and writes any the guard held back needlessly), all in the chunk's
 * transaction. Reconciled in the same pass when nothing went the Java way.
 */
final class SiftLoad implements ChunkLoad {

    @Override
    public LoadPath path() {
        return LoadPath.COPY_BINARY_SIFTED;
    }

    @Override
    public ChunkWrite load(Chunk chunk, Connection target) throws SQLException, SourceException {
        ChunkMapping mapping = chunk.mapping();
        ChunkStatements sql = new ChunkStatements(mapping);
        try (Connection source = chunk.source().open()) {
            Sifted sifted = pipe(sql, source, target, mapping.targetTable(), chunk.claim().range(),
                    chunk.reconciles() && mapping.keyRangeCarriesOver());
            HeldBack held = HeldBack.write(mapping, sql, source, target, sifted.sift().kept(), path());
            source.commit();
            Reconciliation inline = sifted.digest() != null && !held.wroteAny()
                    ? new Reconciler(mapping).readBack(target, chunk.claim().range(), sifted.digest()) : null;
            return held.chunk(sifted.piped(), sifted.piped(), path(), inline);
        }
    }

    /** What a sifted pipe did: rows piped, the sift with the keys held back, the digest of the piped rows if asked. */
    record Sifted(long piped, Sift sift, RowDigest digest) {
    }

    /**
     * Pipes the chunk sifted into {@code table} in one repeatable-read transaction of {@code source}, left open so the
     * rows held back are read again in the same snapshot; the caller commits it.
     */
    static Sifted pipe(ChunkStatements sql, Connection source, Connection target, String table, KeyRange range, boolean digest)
            throws SQLException {
        source.setAutoCommit(false);
        source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        Sift sift = new Sift(sql.markers());
        RowDigest d = digest ? new RowDigest() : null;
        long n = BinaryPipe.pipe(sql, source, target, table, range, d, sift);
        return new Sifted(n, sift, d);
    }
}
