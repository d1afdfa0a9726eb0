package com.platform.datamigration.run.worker;

import com.platform.datamigration.run.ledger.ChunkKind;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.runtime.target.TargetRefusal;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Which load writes a chunk: a replay replays; a load chunk takes the binary pipe when the run allows pushdown and the
 * mapping compiles to SQL on PostgreSQL, else the decode path. After a load failed on a row (a data error), the next:
 * the pipe refused for duplicate keys merges through staging when the conflict policy allows, any other row failure
 * goes to the decode path, which quarantines exactly the failing rows; the decode path and the replay have no next.
 * Any other failure (a lost connection, a lock timeout) is no reason to change path: the chunk fails and is retried.
 */
final class LoadChooser {

    private LoadChooser() {
    }

    static LoadPath first(ChunkKind kind, boolean pushdownAllowed, boolean fastPathPossible) {
        if (kind == ChunkKind.REPLAY) {
            return LoadPath.REPLAY;
        }
        return pushdownAllowed && fastPathPossible ? LoadPath.COPY_BINARY : LoadPath.DECODE;
    }

    static Optional<LoadPath> after(LoadPath failed, SQLException e, boolean mergeAllowed) {
        if (!TargetRefusal.isDataError(e)) {
            return Optional.empty();
        }
        return switch (failed) {
            case COPY_BINARY -> Optional.of(TargetRefusal.isUniqueViolation(e) && mergeAllowed ? LoadPath.COPY_BINARY_MERGE : LoadPath.DECODE);
            case COPY_BINARY_MERGE -> Optional.of(LoadPath.DECODE);
            case DECODE, REPLAY -> Optional.empty();
        };
    }
}
