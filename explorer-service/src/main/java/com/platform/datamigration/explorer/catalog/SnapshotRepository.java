package com.platform.datamigration.explorer.catalog;

import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.OrganizationId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Snapshots and their tables in {@code dm_explorer}; reads are scoped by organization. */
@Repository
public class SnapshotRepository {

    private final DatabaseClient db;
    private final JsonMapper json;

    SnapshotRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** A snapshot's facts. */
    public record Snapshot(UUID id, ConnectionId connectionId, String fingerprint, Instant takenAt, int tableCount,
                           int columnCount, long durationMs) {
    }

    /** A table in a listing. */
    public record TableSummary(String schema, String name, String kind, long rowEstimate, Long sizeBytes, int columnCount) {
    }

    public Mono<Void> begin(UUID snapshotId, OrganizationId org, ConnectionId connection) {
        return db.sql("INSERT INTO catalog_snapshot (id, organization_id, connection_id, fingerprint) VALUES (:id, :org, :c, '')")
                .bind("id", snapshotId).bind("org", org.value()).bind("c", connection.value()).then();
    }

    /** Adds a batch of tables with one statement. */
    public Mono<Void> addTables(UUID snapshotId, List<TableInfo> tables) {
        if (tables.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO snapshot_table (snapshot_id, schema_name, table_name, kind, row_estimate, size_bytes, definition)
                        SELECT :id, s, t, k, r, z, d::jsonb
                        FROM unnest(CAST(:schemas AS text[]), CAST(:names AS text[]), CAST(:kinds AS text[]),
                                    CAST(:rows AS bigint[]), CAST(:sizes AS bigint[]), CAST(:defs AS text[])) AS x(s, t, k, r, z, d)
                        """)
                .bind("id", snapshotId)
                .bind("schemas", tables.stream().map(TableInfo::schema).toArray(String[]::new))
                .bind("names", tables.stream().map(TableInfo::name).toArray(String[]::new))
                .bind("kinds", tables.stream().map(TableInfo::kind).toArray(String[]::new))
                .bind("rows", tables.stream().map(TableInfo::rowEstimate).toArray(Long[]::new))
                .bind("sizes", tables.stream().map(TableInfo::sizeBytes).toArray(Long[]::new))
                .bind("defs", tables.stream().map(json::writeValueAsString).toArray(String[]::new))
                .then();
    }

    public Mono<Void> complete(UUID snapshotId, String fingerprint, int tables, int columns, long durationMs) {
        return db.sql("""
                        UPDATE catalog_snapshot SET fingerprint = :f, table_count = :t, column_count = :c, duration_ms = :d,
                            taken_at = now() WHERE id = :id
                        """)
                .bind("f", fingerprint).bind("t", tables).bind("c", columns).bind("d", durationMs).bind("id", snapshotId).then();
    }

    public Mono<Void> discard(UUID snapshotId) {
        return db.sql("DELETE FROM catalog_snapshot WHERE id = :id").bind("id", snapshotId).then();
    }

    private static final String SNAPSHOT_COLUMNS = "id, connection_id, fingerprint, taken_at, table_count, column_count, duration_ms";

    public Flux<Snapshot> list(OrganizationId org, ConnectionId connection) {
        return db.sql("SELECT " + SNAPSHOT_COLUMNS + " FROM catalog_snapshot WHERE organization_id = :org AND connection_id = :c "
                        + "AND fingerprint <> '' ORDER BY taken_at DESC, id")
                .bind("org", org.value()).bind("c", connection.value())
                .map(this::snapshot).all();
    }

    public Mono<Snapshot> find(OrganizationId org, ConnectionId connection, UUID snapshotId) {
        return db.sql("SELECT " + SNAPSHOT_COLUMNS + " FROM catalog_snapshot WHERE organization_id = :org AND connection_id = :c "
                        + "AND id = :id AND fingerprint <> ''")
                .bind("org", org.value()).bind("c", connection.value()).bind("id", snapshotId)
                .map(this::snapshot).one();
    }

    public Mono<Snapshot> latest(OrganizationId org, ConnectionId connection) {
        return list(org, connection).next();
    }

    /** The completed snapshot taken just before {@code snapshotId}. */
    public Mono<Snapshot> previous(OrganizationId org, ConnectionId connection, UUID snapshotId) {
        return list(org, connection).skipUntil(s -> s.id().equals(snapshotId)).skip(1).next();
    }

    public Flux<TableSummary> tables(UUID snapshotId, String query, int page, int size) {
        return db.sql("""
                        SELECT schema_name, table_name, kind, row_estimate, size_bytes, jsonb_array_length(definition -> 'columns') AS columns
                        FROM snapshot_table WHERE snapshot_id = :id AND lower(schema_name || '.' || table_name) LIKE :q ESCAPE '\\'
                        ORDER BY schema_name, table_name LIMIT :limit OFFSET :offset
                        """)
                .bind("id", snapshotId).bind("q", pattern(query)).bind("limit", size).bind("offset", (long) page * size)
                .map(r -> new TableSummary(r.get("schema_name", String.class), r.get("table_name", String.class),
                        r.get("kind", String.class), r.get("row_estimate", Long.class), r.get("size_bytes", Long.class),
                        r.get("columns", Integer.class)))
                .all();
    }

    public Mono<Long> countTables(UUID snapshotId, String query) {
        return db.sql("SELECT count(*) FROM snapshot_table WHERE snapshot_id = :id "
                        + "AND lower(schema_name || '.' || table_name) LIKE :q ESCAPE '\\'")
                .bind("id", snapshotId).bind("q", pattern(query)).map(r -> r.get(0, Long.class)).one();
    }

    public Mono<TableInfo> table(UUID snapshotId, String schema, String name) {
        return db.sql("SELECT definition::text FROM snapshot_table WHERE snapshot_id = :id AND schema_name = :s AND table_name = :t")
                .bind("id", snapshotId).bind("s", schema).bind("t", name)
                .map(r -> json.readValue(r.get(0, String.class), TableInfo.class)).one();
    }

    public Flux<TableInfo> allTables(UUID snapshotId) {
        return db.sql("SELECT definition::text FROM snapshot_table WHERE snapshot_id = :id ORDER BY schema_name, table_name")
                .bind("id", snapshotId)
                .map(r -> json.readValue(r.get(0, String.class), TableInfo.class)).all();
    }

    public Mono<Void> forget(OrganizationId org, ConnectionId connection) {
        return db.sql("DELETE FROM catalog_snapshot WHERE organization_id = :org AND connection_id = :c")
                .bind("org", org.value()).bind("c", connection.value()).then()
                .then(db.sql("DELETE FROM discovery WHERE organization_id = :org AND connection_id = :c")
                        .bind("org", org.value()).bind("c", connection.value()).then());
    }

    private static String pattern(String query) {
        String q = query == null ? "" : query.toLowerCase(java.util.Locale.ROOT);
        return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private Snapshot snapshot(io.r2dbc.spi.Readable r) {
        return new Snapshot(r.get("id", UUID.class), new ConnectionId(r.get("connection_id", UUID.class)),
                r.get("fingerprint", String.class), r.get("taken_at", OffsetDateTime.class).toInstant(),
                r.get("table_count", Integer.class), r.get("column_count", Integer.class), r.get("duration_ms", Long.class));
    }
}
