package com.platform.datamigration.run.runs;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.contracts.RunStatus;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs and their pinned mappings in run-service's own database ({@code run}, {@code run_mapping}), for the API: every
 * read is scoped by the caller's organization, except the progress snapshot the event stream polls for a run already
 * found in it.
 */
@Component
public class RunRepository {

    private final DatabaseClient db;
    private final JsonMapper json;

    RunRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Void> insert(UUID id, OrganizationId org, String requestedBy, Instant requestedAt, RunOptions options) {
        return db.sql("""
                        INSERT INTO run (id, organization_id, status, requested_by, requested_at, options)
                        VALUES (:id, :org, 'QUEUED', :by, :at, CAST(:options AS jsonb))
                        """)
                .bind("id", id).bind("org", org.value()).bind("by", requestedBy).bind("at", requestedAt)
                .bind("options", json.writeValueAsString(options))
                .then();
    }

    Mono<Void> insertMapping(UUID run, int ordinal, int stage, Pinned pinned) {
        return db.sql("""
                        INSERT INTO run_mapping (run_id, ordinal, stage, mapping_id, version, pinned)
                        VALUES (:run, :ordinal, :stage, :mapping, :version, CAST(:pinned AS jsonb))
                        """)
                .bind("run", run).bind("ordinal", ordinal).bind("stage", stage).bind("mapping", pinned.mappingId())
                .bind("version", pinned.version()).bind("pinned", json.writeValueAsString(pinned))
                .then();
    }

    /** The organization's run, or empty. */
    Mono<RunSummary> find(OrganizationId org, UUID id) {
        return db.sql("SELECT * FROM run WHERE organization_id = :org AND id = :id").bind("org", org.value()).bind("id", id)
                .map((r, m) -> summary(r))
                .one();
    }

    /** A page of the organization's history, newest first, filtered by status and request time when given. */
    Mono<Page<RunSummary>> list(OrganizationId org, RunStatus status, Instant from, Instant to, int page, int size) {
        String where = " WHERE organization_id = :org" + (status == null ? "" : " AND status = :status")
                + (from == null ? "" : " AND requested_at >= :from") + (to == null ? "" : " AND requested_at < :to");
        var items = db.sql("SELECT * FROM run" + where + " ORDER BY requested_at DESC, id LIMIT :limit OFFSET :offset");
        var count = db.sql("SELECT count(*) FROM run" + where);
        items = items.bind("org", org.value()).bind("limit", size).bind("offset", (long) page * size);
        count = count.bind("org", org.value());
        if (status != null) {
            items = items.bind("status", status.name());
            count = count.bind("status", status.name());
        }
        if (from != null) {
            items = items.bind("from", from);
            count = count.bind("from", from);
        }
        if (to != null) {
            items = items.bind("to", to);
            count = count.bind("to", to);
        }
        return Mono.zip(items.map((r, m) -> summary(r)).all().collectList(), count.map(r -> r.get(0, Long.class)).one())
                .map(t -> new Page<>(t.getT1(), page, size, t.getT2()));
    }

    /** A run's stored progress with its sequence, and whether the run has ended; empty until it has some. */
    public record Progress(long sequence, boolean terminal, RunView view) {
    }

    public Mono<Progress> progress(UUID id) {
        return db.sql("SELECT sequence, status, progress::text AS progress FROM run WHERE id = :id")
                .bind("id", id)
                .map(r -> new Object[] {r.get("sequence", Long.class), r.get("status", String.class), r.get("progress", String.class)})
                .one()
                .filter(r -> r[2] != null)
                .map(r -> {
                    RunView view = json.readValue((String) r[2], RunView.class);
                    return new Progress((Long) r[0], RunStatus.valueOf((String) r[1]).terminal() && view.status().terminal(), view);
                });
    }

    private RunSummary summary(Readable r) {
        String progress = r.get("progress", String.class);
        OffsetDateTime started = r.get("started_at", OffsetDateTime.class);
        OffsetDateTime finished = r.get("finished_at", OffsetDateTime.class);
        return new RunSummary(r.get("id", UUID.class), RunStatus.valueOf(r.get("status", String.class)), r.get("requested_by", String.class),
                r.get("requested_at", OffsetDateTime.class).toInstant(), started == null ? null : started.toInstant(),
                finished == null ? null : finished.toInstant(), json.readValue(r.get("options", String.class), RunOptions.class),
                r.get("error_code", String.class), r.get("error_message", String.class),
                progress == null ? null : json.readValue(progress, RunView.class));
    }
}
