package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One way of writing a chunk into the target, on a connection whose transaction the caller owns (and commits together
 * with the ledger). A load that fails with an {@link SQLException} leaves the transaction for the caller to roll back;
 * which load to try next is the caller's choice.
 */
public interface ChunkLoad {

    /** The path this load records in the ledger. */
    LoadPath path();

    ChunkWrite load(Chunk chunk, Connection target) throws SQLException, SourceException;
}
