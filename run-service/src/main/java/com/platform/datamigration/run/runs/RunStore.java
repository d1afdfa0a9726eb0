package com.platform.datamigration.run.runs;

import com.platform.datamigration.contracts.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Blocking reads of run-service's own tables, for worker and ticker threads (never on event-loop threads). */
@Component
public class RunStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Map<String, Pinned> pinnedCache = new ConcurrentHashMap<>();

    RunStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** What a worker needs of a run. */
    public record RunInfo(UUID id, String organizationId, RunStatus status, RunOptions options) {
    }

    public RunInfo info(UUID run) {
        return db.sql("SELECT id, organization_id, status, options::text AS options FROM run WHERE id = :id").bind("id", run)
                .map(r -> new RunInfo(r.get("id", UUID.class), r.get("organization_id", String.class),
                        RunStatus.valueOf(r.get("status", String.class)), json.readValue(r.get("options", String.class), RunOptions.class)))
                .one().block(TIMEOUT);
    }

    /** A run's pinned mapping by ordinal; immutable, so cached. */
    public Pinned pinned(UUID run, int ordinal) {
        if (pinnedCache.size() > 1_000) {
            pinnedCache.clear();  // a long-lived worker sees many runs; the next chunks re-read theirs
        }
        return pinnedCache.computeIfAbsent(run + ":" + ordinal, k -> db.sql(
                        "SELECT pinned::text FROM run_mapping WHERE run_id = :r AND ordinal = :o")
                .bind("r", run).bind("o", ordinal)
                .map(r -> json.readValue(r.get(0, String.class), Pinned.class)).one().block(TIMEOUT));
    }

    /** Pinned mappings with their stage, in ordinal order. */
    public record StagedMapping(int ordinal, int stage, Pinned pinned) {
    }

    public List<StagedMapping> mappings(UUID run) {
        // Pinned versions never change, so only ordinals and stages are read each time (a replay may add a mapping).
        List<int[]> rows = db.sql("SELECT ordinal, stage FROM run_mapping WHERE run_id = :r ORDER BY ordinal")
                .bind("r", run)
                .map(r -> new int[] {r.get("ordinal", Integer.class), r.get("stage", Integer.class)})
                .all().collectList().block(TIMEOUT);
        List<StagedMapping> out = new java.util.ArrayList<>();
        for (int[] row : rows) {
            out.add(new StagedMapping(row[0], row[1], pinned(run, row[0])));
        }
        return out;
    }
}
