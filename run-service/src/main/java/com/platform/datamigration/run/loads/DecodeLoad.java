package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.ChunkWrite;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.support.source.SourceException;
import java.sql.Connection;
import java.sql.SQLException;

/** Each source row read and mapped in Java ({@link DecodeWriter}): any source engine, lookups, and rows that fail. */
final class DecodeLoad implements ChunkLoad {

    @Override
    public LoadPath path() {
        return LoadPath.DECODE;
    }

    @Override
    public ChunkWrite load(Chunk chunk, Connection target) throws SQLException, SourceException {
        try (Connection source = chunk.source().open()) {
            ChunkMapping mapping = chunk.mapping();
            return new DecodeWriter(mapping).write(SourceRows.of(mapping, new ChunkStatements(mapping), source, chunk.claim().range()),
                    target, path());
        }
    }
}
