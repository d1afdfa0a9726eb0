package com.platform.datamigration.run.loads;

import com.platform.datamigration.run.ledger.Ledger;
import com.platform.datamigration.run.ledger.LoadPath;
import com.platform.datamigration.run.ledger.TargetDatabase;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The load of each {@link LoadPath}. */
@Component
public class Loads {

    private final Map<LoadPath, ChunkLoad> byPath = new EnumMap<>(LoadPath.class);

    Loads(Ledger ledger, TargetDatabase targetDb) {
        for (ChunkLoad load : new ChunkLoad[] {new PipeLoad(), new SiftLoad(), new JoinLoad(), new MergeLoad(), new DecodeLoad(), new ReplayLoad(ledger, targetDb)}) {
            byPath.put(load.path(), load);
        }
        if (byPath.size() != LoadPath.values().length) {
            throw new IllegalStateException("a load path has no load");
        }
    }

    public ChunkLoad of(LoadPath path) {
        return byPath.get(path);
    }
}
