package com.platform.datamigration.connection.usage;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What uses each connection: mappings whose source it is, and runs in progress over those mappings. Kept up to
 * date from {@code mapping.saved}, {@code mapping.archived} and the run topics by {@link UsageListener}. An archived
 * mapping uses nothing, but its row stays (flagged) so that a late save cannot bring it back and a run that pinned it
 * still counts.
 */
@Component
public class ConnectionUsage {

    /** One user of a connection. */
    public record User(String type, UUID id, String name) {
    }

    private final DatabaseClient db;

    ConnectionUsage(DatabaseClient db) {
        this.db = db;
    }

    public Flux<User> usersOf(OrganizationId org, ConnectionId connection) {
        return db.sql("""
                        SELECT user_type, user_id, user_name FROM connection_usage
                        WHERE organization_id = :org AND connection_id = :id AND NOT archived ORDER BY user_type, user_name, user_id
                        """)
                .bind("org", org.value()).bind("id", connection.value())
                .map(r -> new User(r.get("user_type", String.class), r.get("user_id", UUID.class), r.get("user_name", String.class)))
                .all();
    }

    /**
     * The mapping now reads from {@code connection} only (a new version may have moved it to another source); nothing
     * changes once it is archived.
     */
    Mono<Void> mappingUses(OrganizationId org, UUID mapping, String name, ConnectionId connection) {
        return lockMapping(mapping).then(archived(org, mapping)).flatMap(archived -> archived ? Mono.<Void>empty()
                : db.sql("DELETE FROM connection_usage WHERE user_type = 'MAPPING' AND user_id = :mapping AND organization_id = :org")
                        .bind("mapping", mapping).bind("org", org.value()).then()
                        .then(db.sql("""
                                        INSERT INTO connection_usage (organization_id, connection_id, user_type, user_id, user_name)
                                        VALUES (:org, :connection, 'MAPPING', :mapping, :name)
                                        """)
                                .bind("org", org.value()).bind("connection", connection.value()).bind("mapping", mapping)
                                .bind("name", name).then()));
    }

    /**
     * The mapping was archived: it uses no connection any more, whatever version of it arrives later. Its row stays,
     * flagged, on the connection of its last version, so that runs that pinned it still find their connection.
     */
    Mono<Void> mappingArchived(OrganizationId org, UUID mapping, String name, ConnectionId connection) {
        return lockMapping(mapping)
                .then(db.sql("DELETE FROM connection_usage WHERE user_type = 'MAPPING' AND user_id = :mapping AND organization_id = :org")
                        .bind("mapping", mapping).bind("org", org.value()).then())
                .then(db.sql("""
                                INSERT INTO connection_usage (organization_id, connection_id, user_type, user_id, user_name, archived)
                                VALUES (:org, :connection, 'MAPPING', :mapping, :name, true)
                                """)
                        .bind("org", org.value()).bind("connection", connection.value()).bind("mapping", mapping)
                        .bind("name", name).then());
    }

    /**
     * Until the transaction ends: the two mapping topics are consumed by listeners of their own, and a save and an
     * archive of one mapping must not interleave.
     */
    private Mono<Void> lockMapping(UUID mapping) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended('connection_usage.mapping:' || :mapping, 0))")
                .bind("mapping", mapping.toString()).then();
    }

    private Mono<Boolean> archived(OrganizationId org, UUID mapping) {
        return db.sql("""
                        SELECT EXISTS (SELECT 1 FROM connection_usage
                                       WHERE user_type = 'MAPPING' AND user_id = :mapping AND organization_id = :org AND archived)
                        """)
                .bind("mapping", mapping).bind("org", org.value())
                .map(r -> r.get(0, Boolean.class)).one();
    }

    /** A run over these mappings was requested: it uses their connections while it is not in a terminal status. */
    Mono<Void> runUses(OrganizationId org, UUID run, java.util.List<UUID> mappings) {
        return db.sql("""
                        INSERT INTO run_state (run_id, organization_id, mappings) VALUES (:run, :org, :mappings)
                        ON CONFLICT (run_id) DO UPDATE SET mappings = EXCLUDED.mappings, updated_at = now()
                        WHERE run_state.organization_id = EXCLUDED.organization_id
                        """)
                .bind("run", run).bind("org", org.value()).bind("mappings", mappings.toArray(UUID[]::new)).then()
                .then(addRunUsage(org, run));
    }

    /**
     * A run reported progress: applied only when its sequence is newer than the last one seen. A terminal status ends
     * the run's use of its connections; a later non-terminal one (the run was resumed) starts it again.
     */
    Mono<Void> runProgressed(OrganizationId org, UUID run, long sequence, boolean terminal) {
        return db.sql("""
                        INSERT INTO run_state (run_id, organization_id, last_sequence, terminal) VALUES (:run, :org, :seq, :terminal)
                        ON CONFLICT (run_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence, terminal = EXCLUDED.terminal,
                               updated_at = now()
                        WHERE run_state.last_sequence < EXCLUDED.last_sequence AND run_state.organization_id = EXCLUDED.organization_id
                        RETURNING terminal
                        """)
                .bind("run", run).bind("org", org.value()).bind("seq", sequence).bind("terminal", terminal)
                .map(r -> r.get(0, Boolean.class)).one()
                .flatMap(ended -> ended
                        ? db.sql("DELETE FROM connection_usage WHERE user_type = 'RUN' AND user_id = :run AND organization_id = :org")
                                .bind("run", run).bind("org", org.value()).then()
                        : addRunUsage(org, run));
    }

    private Mono<Void> addRunUsage(OrganizationId org, UUID run) {
        return db.sql("""
                        INSERT INTO connection_usage (organization_id, connection_id, user_type, user_id, user_name)
                        SELECT DISTINCT u.organization_id, u.connection_id, 'RUN', :run, 'run ' || :runText
                        FROM run_state s JOIN connection_usage u ON u.organization_id = s.organization_id AND u.user_type = 'MAPPING'
                             AND u.user_id = ANY (s.mappings)
                        WHERE s.run_id = :run AND s.organization_id = :org AND NOT s.terminal
                        ON CONFLICT DO NOTHING
                        """)
                .bind("run", run).bind("runText", run.toString()).bind("org", org.value())
                .then();
    }
}
