package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.Claim;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A claimed chunk as a load sees it: the ledger's claim (range, run, mapping), the compiled mapping, how to open a
 * session on the source, and whether the run reconciles (so a load that can prove the chunk as it writes does).
 */
public record Chunk(Claim claim, ChunkMapping mapping, Source source, boolean reconciles) {

    /** Opens a prepared session on the chunk's source; the caller closes it. */
    @FunctionalInterface
    public interface Source {
        Connection open() throws SQLException, SourceException;
    }
}
