package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.Ledger;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.TargetDatabase;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A replay chunk: the run's open rejects of one mapping, mapped again from their raw values with the mapping's
 * current version, through the decode path. The source is not read.
 */
final class ReplayLoad implements ChunkLoad {

    private final Ledger ledger;
    private final TargetDatabase targetDb;

    ReplayLoad(Ledger ledger, TargetDatabase targetDb) {
        this.ledger = ledger;
        this.targetDb = targetDb;
    }

    @Override
    public LoadPath path() {
        return LoadPath.REPLAY;
    }

    /**
     * The open rejects are marked resolved first, in the chunk's own transaction (so a failed write leaves them open),
     * and then streamed back with a cursor on a second connection: the chunk's connection is busy with the COPY while
     * they are read, and holding them all in memory would cost as much as the rows themselves. The reader still sees
     * them open, since the resolution is not committed yet; reading up to the last id resolved leaves out rejects that
     * chunks still in flight add meanwhile, which stay open for the next replay.
     */
    @Override
    public ChunkWrite load(Chunk chunk, Connection target) throws SQLException {
        long last = ledger.quarantine().resolveOpenRejects(target, chunk.claim());
        ChunkMapping mapping = chunk.mapping();
        try (Connection reader = targetDb.open()) {
            reader.setAutoCommit(false);
            reader.setReadOnly(true);
            try {
                return new DecodeWriter(mapping).write(
                        sink -> ledger.quarantine().streamOpenRejects(reader, chunk.claim(), last, raw -> sink.accept(mapping.typed(raw))),
                        target, path());
            } finally {
                reader.rollback();
            }
        }
    }
}
