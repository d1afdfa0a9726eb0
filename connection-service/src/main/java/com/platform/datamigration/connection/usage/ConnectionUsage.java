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
 * date from {@code mapping.saved} and the run topics by {@link UsageListener}.
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
                        WHERE organization_id = :org AND connection_id = :id ORDER BY user_type, user_name, user_id
                        """)
                .bind("org", org.value()).bind("id", connection.value())
                .map(r -> new User(r.get("user_type", String.class), r.get("user_id", UUID.class), r.get("user_name", String.class)))
                .all();
    }

    /** The mapping now reads from {@code connection} only (a new version may have moved it to another source). */
    Mono<Void> mappingUses(OrganizationId org, UUID mapping, String name, ConnectionId connection) {
        return db.sql("DELETE FROM connection_usage WHERE user_type = 'MAPPING' AND user_id = :mapping AND organization_id = :org")
                .bind("mapping", mapping).bind("org", org.value()).then()
                .then(db.sql("""
                                INSERT INTO connection_usage (organization_id, connection_id, user_type, user_id, user_name)
                                VALUES (:org, :connection, 'MAPPING', :mapping, :name)
                                """)
                        .bind("org", org.value()).bind("connection", connection.value()).bind("mapping", mapping)
                        .bind("name", name).then());
    }

    /** A run over these mappings started: it uses their connections until it ends. */
    Mono<Void> runUses(OrganizationId org, UUID run, java.util.List<UUID> mappings) {
        return db.sql("""
                        INSERT INTO connection_usage (organization_id, connection_id, user_type, user_id, user_name)
                        SELECT DISTINCT organization_id, connection_id, 'RUN', :run, 'run ' || :runText
                        FROM connection_usage
                        WHERE organization_id = :org AND user_type = 'MAPPING' AND user_id = ANY(:mappings)
                        ON CONFLICT DO NOTHING
                        """)
                .bind("run", run).bind("runText", run.toString()).bind("org", org.value())
                .bind("mappings", mappings.toArray(UUID[]::new))
                .then();
    }

    Mono<Void> runEnded(OrganizationId org, UUID run) {
        return db.sql("DELETE FROM connection_usage WHERE user_type = 'RUN' AND user_id = :run AND organization_id = :org")
                .bind("run", run).bind("org", org.value()).then();
    }
}
