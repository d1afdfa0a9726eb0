package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.contracts.CatalogDriftDetected;
import com.platform.datamigration.contracts.Topics;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.support.events.EventReader;
import com.platform.datamigration.support.events.IdempotentConsumer;
import com.platform.datamigration.support.events.ReceivedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Flags mappings that a source's drift breaks ({@code NEEDS_REVIEW} with the reasons): their source table was
 * removed or renamed, or a column their expressions or filter read was removed or changed. Saving the mapping
 * again clears the flag; runs refuse a flagged mapping.
 */
@Component
class DriftListener {

    static final String GROUP = "mapping-service";

    private final EventReader reader;
    private final IdempotentConsumer consumer;
    private final DatabaseClient db;
    private final JsonMapper json;

    DriftListener(EventReader reader, IdempotentConsumer consumer, DatabaseClient db, JsonMapper json) {
        this.reader = reader;
        this.consumer = consumer;
        this.db = db;
        this.json = json;
    }

    private record Current(UUID id, MappingSpec spec) {
    }

    @KafkaListener(topics = Topics.CATALOG_DRIFT, groupId = GROUP)
    void on(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent<CatalogDriftDetected> received = reader.read(record, CatalogDriftDetected.class);
        CatalogDriftDetected drift = received.event();
        consumer.apply(GROUP, received, () -> db.sql("""
                        SELECT m.id, v.spec::text AS spec FROM mapping m
                        JOIN mapping_version v ON v.mapping_id = m.id AND v.version = m.current_version
                        WHERE m.organization_id = :org AND m.connection_id = :c AND m.archived_at IS NULL
                        """)
                .bind("org", drift.organizationId().value()).bind("c", drift.connectionId().value())
                .map(r -> new Current(r.get("id", UUID.class), json.readValue(r.get("spec", String.class), MappingSpec.class)))
                .all()
                .concatMap(m -> {
                    List<String> reasons = reasons(m.spec(), drift);
                    return reasons.isEmpty() ? Mono.empty() : db.sql("""
                                    UPDATE mapping SET status = 'NEEDS_REVIEW', review_reasons = CAST(:reasons AS jsonb)
                                    WHERE id = :id
                                    """)
                            .bind("reasons", json.writeValueAsString(reasons)).bind("id", m.id()).then();
                })
                .then());
    }

    static List<String> reasons(MappingSpec spec, CatalogDriftDetected drift) {
        CatalogDriftDetected.TableRef source = new CatalogDriftDetected.TableRef(spec.source().schema(), spec.source().table());
        List<String> reasons = new ArrayList<>();
        if (drift.tablesRemoved().contains(source)) {
            reasons.add("The source table " + source.schema() + "." + source.table() + " was removed.");
        }
        drift.tablesRenamed().stream().filter(r -> r.from().equals(source)).forEach(r -> reasons.add("The source table "
                + source.schema() + "." + source.table() + " was renamed to " + r.to().schema() + "." + r.to().table() + "."));
        Set<String> read = new HashSet<>();
        spec.fields().forEach(f -> read.addAll(columnsOf(f.expression())));
        if (spec.filter() != null && !spec.filter().isBlank()) {
            read.addAll(columnsOf(spec.filter()));
        }
        drift.tablesChanged().stream().filter(c -> c.table().equals(source)).forEach(change -> {
            change.columnsRemoved().stream().filter(read::contains)
                    .forEach(c -> reasons.add("The source column " + c + " was removed."));
            change.columnsChanged().stream().filter(c -> read.contains(c.column()))
                    .forEach(c -> reasons.add("The source column " + c.column() + " changed from " + c.fromType() + " to " + c.toType()
                            + (c.fromNullable() != c.toNullable() ? (c.toNullable() ? " and may now be null" : " and is now not null")
                            : "") + "."));
        });
        return reasons;
    }

    private static Set<String> columnsOf(String expression) {
        try {
            return Expression.referencedColumns(expression);
        } catch (ExpressionException e) {
            return Set.of();
        }
    }
}
