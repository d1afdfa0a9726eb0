package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.Rejects;
import com.platform.datamigration.runtime.copy.RowDigest;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The binary pipe straight into the target table. When the run reconciles and the target's key carries the source's
 * over, the chunk is reconciled in the same pass: what left the source is hashed on its way and compared with what the
 * target then holds, without mapping the source a second time.
 */
final class PipeLoad implements ChunkLoad {

    @Override
    public LoadPath path() {
        return LoadPath.COPY_BINARY;
    }

    @Override
    public ChunkWrite load(Chunk chunk, Connection target) throws SQLException, SourceException {
        ChunkStatements sql = new ChunkStatements(chunk.mapping());
        String table = chunk.mapping().targetTable();
        try (Connection source = chunk.source().open()) {
            if (chunk.reconciles() && chunk.mapping().keyRangeCarriesOver()) {
                RowDigest digest = new RowDigest();
                long n = BinaryPipe.pipe(sql, source, target, table, chunk.claim().range(), digest);
                return new ChunkWrite(n, n, Rejects.none(), path(),
                        new Reconciler(chunk.mapping()).readBack(target, chunk.claim().range(), digest));
            }
            long n = BinaryPipe.pipe(sql, source, target, table, chunk.claim().range(), null);
            return new ChunkWrite(n, n, Rejects.none(), path());
        }
    }
}
