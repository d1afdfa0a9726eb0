package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.Rejects;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The binary pipe into a staging table, then merged into the target by the tenant column and the mapping's key as
 * the conflict policy says: for a chunk whose rows the target already has some of (a rerun, an overlapping load).
 */
final class MergeLoad implements ChunkLoad {

    @Override
    public LoadPath path() {
        return LoadPath.COPY_BINARY_MERGE;
    }

    @Override
    public ChunkWrite load(Chunk chunk, Connection target) throws SQLException, SourceException {
        ChunkStatements sql = new ChunkStatements(chunk.mapping());
        try (Connection source = chunk.source().open()) {
            String staging = TargetCopy.staging(sql, target, "dm_stage");
            if (!chunk.mapping().siftable()) {
                long n = BinaryPipe.pipe(sql, source, target, staging, chunk.claim().range(), null);
                merge(sql, target, staging);
                return new ChunkWrite(n, n, Rejects.none(), path());
            }
            // Rows the mapping cannot convert are held back, mapped in Java and written with the conflict policy.
            SiftLoad.Sifted sifted = SiftLoad.pipe(sql, source, target, staging, chunk.claim().range(), false);
            merge(sql, target, staging);
            HeldBack held = HeldBack.write(chunk.mapping(), sql, source, target, sifted.sift().kept(), path());
            source.commit();
            return held.chunk(sifted.piped(), sifted.piped(), path(), null);
        }
    }

    private static void merge(ChunkStatements sql, Connection target, String staging) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.executeUpdate(sql.mergeFromStaging(staging));
        }
    }
}
