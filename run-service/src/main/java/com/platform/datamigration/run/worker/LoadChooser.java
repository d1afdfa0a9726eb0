package com.platform.datamigration.run.worker;

import com.platform.datamigration.run.ledger.ChunkKind;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.runtime.target.TargetRefusal;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Which load writes a chunk: a replay replays; a load chunk takes the binary pipe when the run allows pushdown and the
 * mapping compiles to SQL on PostgreSQL, else the decode path, and the sifted pipe first when an earlier chunk of the
 * same mapping in the run needed it. After a load failed on a row (a data error), the next: the pipe refused for
 * duplicate keys merges through staging when the conflict policy allows; any other row failure takes the sifted pipe
 * when the mapping can be sifted (bad values stay behind, the rest is piped), else the decode path, which quarantines
 * exactly the failing rows; the decode path and the replay have no next. A mapping whose lookups can be joined
 * ({@code ChunkMapping#joinable}) takes the joined pipe, and the decode path after a row failure there. Any other failure (a lost connection, a lock
 * timeout) is no reason to change path: the chunk fails and is retried.
 */
final class LoadChooser {

    private LoadChooser() {
    }

    static LoadPath first(ChunkKind kind, boolean pushdownAllowed, boolean fastPathPossible) {
        return first(kind, pushdownAllowed, fastPathPossible, false);
    }

    static LoadPath first(ChunkKind kind, boolean pushdownAllowed, boolean fastPathPossible, boolean siftFirst) {
        return first(kind, pushdownAllowed, fastPathPossible, siftFirst, false);
    }

    static LoadPath first(ChunkKind kind, boolean pushdownAllowed, boolean fastPathPossible, boolean siftFirst, boolean joinable) {
        if (kind == ChunkKind.REPLAY) {
            return LoadPath.REPLAY;
        }
        if (!pushdownAllowed || (!fastPathPossible && !joinable)) {
            return LoadPath.DECODE;
        }
        if (!fastPathPossible) {
            return LoadPath.COPY_BINARY_JOINED;
        }
        return siftFirst ? LoadPath.COPY_BINARY_SIFTED : LoadPath.COPY_BINARY;
    }

    static Optional<LoadPath> after(LoadPath failed, SQLException e, boolean mergeAllowed) {
        return after(failed, e, mergeAllowed, false);
    }

    static Optional<LoadPath> after(LoadPath failed, SQLException e, boolean mergeAllowed, boolean siftable) {
        if (!TargetRefusal.isDataError(e)) {
            return Optional.empty();
        }
        boolean duplicate = TargetRefusal.isUniqueViolation(e) && mergeAllowed;
        return switch (failed) {
            case COPY_BINARY -> Optional.of(duplicate ? LoadPath.COPY_BINARY_MERGE : siftable ? LoadPath.COPY_BINARY_SIFTED : LoadPath.DECODE);
            case COPY_BINARY_SIFTED -> Optional.of(duplicate ? LoadPath.COPY_BINARY_MERGE : LoadPath.DECODE);
            case COPY_BINARY_MERGE, COPY_BINARY_JOINED -> Optional.of(LoadPath.DECODE);
            case DECODE, REPLAY -> Optional.empty();
        };
    }
}
