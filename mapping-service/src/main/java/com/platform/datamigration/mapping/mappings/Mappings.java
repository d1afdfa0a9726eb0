package com.platform.datamigration.mapping.mappings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.contracts.MappingArchived;
import com.platform.datamigration.contracts.MappingId;
import com.platform.datamigration.contracts.MappingSaved;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.target.TargetCatalog;
import com.platform.datamigration.runtime.pushdown.Pushdown;
import com.platform.datamigration.support.outbox.Outbox;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.source.ConnectionCredentials;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mappings and their immutable versions. A save validates first; an invalid mapping is never stored. Each save
 * commits a new version with its {@code mapping.saved} event in one transaction. Deleting a mapping archives it
 * (with its {@code mapping.archived} event): it is gone from every read, save, validation, lookup and new run, and its
 * versions stay for the runs that pinned one. Saves and archives of one organization's mappings take the same
 * lock, so a mapping is never archived while a save that looks it up commits.
 */
@Service
public class Mappings {

    private final DatabaseClient db;
    private final SourceTables sources;
    private final TargetCatalog targets;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final ConnectionCredentials credentials;
    private final OrganizationSecrets secrets;

    Mappings(DatabaseClient db, SourceTables sources, TargetCatalog targets, Outbox outbox, ReactiveTransactionManager transactions,
            JsonMapper json, ConnectionCredentials credentials, OrganizationSecrets secrets) {
        this.credentials = credentials;
        this.secrets = secrets;
        this.db = db;
        this.sources = sources;
        this.targets = targets;
        this.outbox = outbox;
        this.tx = TransactionalOperator.create(transactions);
        this.json = json;
    }

    /**
     * A mapping as the API shows it.
     *
     * @param pushdown how a run loads the current version, as told when it was saved; null for a version saved before
     *                 it was recorded, or when the source's engine could not be told then
     */
    public record View(UUID id, String name, int currentVersion, String status, List<String> reviewReasons, MappingSpec spec,
                       List<Issue> warnings, @JsonInclude(JsonInclude.Include.NON_NULL) Pushdown pushdown, Instant updatedAt) {
    }

    /** One version in the history. */
    public record Version(int version, String savedBy, Instant savedAt) {
    }

    public Mono<MappingValidator.Result> validate(OrganizationId org, MappingSpec spec) {
        return Mono.zip(sources.find(org, spec.source().connectionId(), spec.source().schema(), spec.source().table()),
                        targets.table(spec.target().schema(), spec.target().table()), lookupTargets(org),
                        sourceType(org, spec.source().connectionId()), targets.described(spec.target().schema(), spec.target().table()))
                .map(t -> MappingValidator.validate(spec, t.getT1(), t.getT2(),
                        com.platform.datamigration.mapping.expression.Lookups.of(t.getT3(), (target, key) -> java.util.Optional.empty()),
                        new MappingValidator.Loading(t.getT4(), t.getT5(), t.getT3()), secrets.of(org)));
    }

    /**
     * The source connection's engine, which decides whether a run can push the mapping down; empty when it cannot be
     * told (no such connection, connection-service unavailable): validation itself does not depend on it. The answer
     * carries the connection's credentials as well; only the engine is kept.
     */
    private Mono<java.util.Optional<DatabaseType>> sourceType(OrganizationId org, UUID connection) {
        return credentials.of(org, new ConnectionId(connection))
                .map(c -> java.util.Optional.ofNullable(c.type()))
                .onErrorResume(e -> Mono.just(java.util.Optional.empty()));
    }

    /**
     * The organization's mappings that {@code lookup('name', key)} can name: those with a single-field key on a
     * target table whose primary key, without the tenant column, is a single column. Lookups answer with the
     * organization's own rows only (the tenant column is added to every lookup where it runs).
     */
    public Mono<java.util.Map<String, com.platform.datamigration.mapping.expression.Lookups.Target>> lookupTargets(OrganizationId org) {
        return Mono.zip(list(org).collectList(), targets.tables()).map(t -> {
            java.util.Map<String, com.platform.datamigration.mapping.expression.Lookups.Target> out = new java.util.HashMap<>();
            for (View m : t.getT1()) {
                if (m.spec().key().size() != 1) {
                    continue;
                }
                t.getT2().stream().filter(tt -> tt.schema().equals(m.spec().target().schema()) && tt.name().equals(m.spec().target().table())
                        && tt.rowKey().size() == 1).findFirst().ifPresent(tt -> {
                    var key = tt.fields().stream().filter(f -> f.name().equals(m.spec().key().get(0))).findFirst();
                    var pk = tt.fields().stream().filter(f -> f.name().equals(tt.rowKey().get(0))).findFirst();
                    if (key.isPresent() && pk.isPresent()) {
                        out.put(m.name(), new com.platform.datamigration.mapping.expression.Lookups.Target(tt.schema(), tt.name(),
                                key.get().name(), key.get().type(), pk.get().name(),
                                com.platform.datamigration.mapping.expression.Type.ofNormalized(pk.get().normalizedType())));
                    }
                });
            }
            return out;
        });
    }

    public Mono<View> create(OrganizationId org, MappingSpec spec, String savedBy) {
        UUID id = UUID.randomUUID();
        return validated(org, spec).flatMap(result -> lockedWithLookups(org, spec).then(db.sql("""
                                INSERT INTO mapping (id, organization_id, name, current_version, connection_id) VALUES (:id, :org, :name, 1, :c)
                                """)
                        .bind("id", id).bind("org", org.value()).bind("name", spec.name()).bind("c", spec.source().connectionId())
                        .then()).then(saveVersion(org, id, 1, spec, result, savedBy))
                        .as(tx::transactional)
                        .onErrorMap(DataIntegrityViolationException.class, e -> Problems.of(HttpStatus.CONFLICT,
                                "A mapping named '" + spec.name() + "' already exists.", "NAME_TAKEN", List.of())))
                .then(get(org, id));
    }

    /** Saves a new version; the versions before stay as they were. A new save clears a drift flag. */
    public Mono<View> update(OrganizationId org, UUID id, MappingSpec spec, String savedBy) {
        return get(org, id).flatMap(existing -> validated(org, spec).flatMap(result -> lockedWithLookups(org, spec).then(db.sql("""
                                UPDATE mapping SET name = :name, current_version = current_version + 1, status = 'VALID',
                                    review_reasons = '[]', connection_id = :c, updated_at = now()
                                WHERE organization_id = :org AND id = :id AND current_version = :current AND archived_at IS NULL
                                """)
                        .bind("name", spec.name()).bind("c", spec.source().connectionId()).bind("org", org.value()).bind("id", id)
                        .bind("current", existing.currentVersion())
                        .fetch().rowsUpdated())
                        .flatMap(rows -> rows == 0
                                ? Mono.error(Problems.conflict("CONCURRENT_UPDATE", "The mapping changed meanwhile; reload and retry."))
                                : saveVersion(org, id, existing.currentVersion() + 1, spec, result, savedBy))
                        .as(tx::transactional)))
                .then(get(org, id));
    }

    private Mono<MappingValidator.Result> validated(OrganizationId org, MappingSpec spec) {
        return validate(org, spec).flatMap(result -> {
            if (result.valid()) {
                return Mono.just(result);
            }
            var problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "The mapping has " + result.errors().size()
                    + " problem(s); nothing was saved.", "INVALID_MAPPING", List.of());
            problem.getBody().setProperty("errors", result.errors());
            problem.getBody().setProperty("warnings", result.warnings());
            return Mono.error(problem);
        });
    }

    private Mono<Void> saveVersion(OrganizationId org, UUID id, int version, MappingSpec spec, MappingValidator.Result result,
            String savedBy) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        MappingSaved event = new MappingSaved(new MappingId(id), org, version, spec.name(),
                new MappingSaved.SourceTable(new ConnectionId(spec.source().connectionId()), spec.source().schema(), spec.source().table()),
                new MappingSaved.TargetTable(spec.target().schema(), spec.target().table()), spec.key(), spec.onConflict(),
                spec.filter(), spec.fields().stream().map(f -> new MappingSaved.FieldMapping(f.target(), f.expression())).toList(), now);
        return db.sql("""
                        INSERT INTO mapping_version (mapping_id, version, spec, warnings, pushdown, saved_by, saved_at)
                        VALUES (:id, :v, CAST(:spec AS jsonb), CAST(:warnings AS jsonb), CAST(:pushdown AS jsonb), :by, :at)
                        """)
                .bind("id", id).bind("v", version).bind("spec", json.writeValueAsString(spec))
                .bind("warnings", json.writeValueAsString(result.warnings()))
                .bind("pushdown", json.writeValueAsString(result.pushdown())).bind("by", savedBy).bind("at", now)
                .then().then(outbox.append(event)).then();
    }

    public Mono<View> get(OrganizationId org, UUID id) {
        return db.sql("""
                        SELECT m.id, m.name, m.current_version, m.status, m.review_reasons::text AS reasons, m.updated_at,
                               v.spec::text AS spec, v.warnings::text AS warnings, v.pushdown::text AS pushdown
                        FROM mapping m JOIN mapping_version v ON v.mapping_id = m.id AND v.version = m.current_version
                        WHERE m.organization_id = :org AND m.id = :id AND m.archived_at IS NULL
                        """)
                .bind("org", org.value()).bind("id", id)
                .map(r -> new View(r.get("id", UUID.class), r.get("name", String.class), r.get("current_version", Integer.class),
                        r.get("status", String.class), List.of(json.readValue(r.get("reasons", String.class), String[].class)),
                        json.readValue(r.get("spec", String.class), MappingSpec.class),
                        List.of(json.readValue(r.get("warnings", String.class), Issue[].class)),
                        pushdown(r.get("pushdown", String.class)), r.get("updated_at", OffsetDateTime.class).toInstant()))
                .one()
                .switchIfEmpty(Mono.error(() -> Problems.notFound("mapping", id)));
    }

    private Pushdown pushdown(String stored) {
        return stored == null || stored.equals("null") ? null : json.readValue(stored, Pushdown.class);
    }

    public Flux<View> list(OrganizationId org) {
        return db.sql("SELECT id FROM mapping WHERE organization_id = :org AND archived_at IS NULL ORDER BY lower(name), id")
                .bind("org", org.value()).map(r -> r.get("id", UUID.class)).all()
                .concatMap(id -> get(org, id));
    }

    public Flux<Version> versions(OrganizationId org, UUID id) {
        return get(org, id).thenMany(db.sql("SELECT version, saved_by, saved_at FROM mapping_version WHERE mapping_id = :id ORDER BY version")
                .bind("id", id)
                .map(r -> new Version(r.get("version", Integer.class), r.get("saved_by", String.class),
                        r.get("saved_at", OffsetDateTime.class).toInstant()))
                .all());
    }

    public Mono<MappingSpec> version(OrganizationId org, UUID id, int version) {
        return get(org, id).then(db.sql("SELECT spec::text FROM mapping_version WHERE mapping_id = :id AND version = :v")
                .bind("id", id).bind("v", version)
                .map(r -> json.readValue(r.get(0, String.class), MappingSpec.class)).one()
                .switchIfEmpty(Mono.error(() -> Problems.notFound("mapping version", version))));
    }

    /**
     * A version as a run pinned it, whether or not the mapping has been archived since: versions are never deleted.
     * 404 for another organization's mapping or a version it never had.
     */
    public Mono<MappingSpec> pinnedVersion(OrganizationId org, UUID id, int version) {
        return db.sql("""
                        SELECT v.spec::text FROM mapping m JOIN mapping_version v ON v.mapping_id = m.id
                        WHERE m.organization_id = :org AND m.id = :id AND v.version = :v
                        """)
                .bind("org", org.value()).bind("id", id).bind("v", version)
                .map(r -> json.readValue(r.get(0, String.class), MappingSpec.class)).one()
                .switchIfEmpty(Mono.error(() -> Problems.notFound("mapping version", version)));
    }

    /** A live mapping whose current version looks up the one being archived. */
    public record Dependant(UUID id, String name) {
    }

    /**
     * Archives a live mapping of the organization: 404 for an unknown one, another organization's or one already
     * archived (deleting twice is 404, as for anything else that is gone); 409 {@code MAPPING_IN_USE} naming the
     * live mappings whose current version looks it up. Its versions are kept: runs that pinned one keep it.
     */
    public Mono<Void> archive(OrganizationId org, UUID id, String archivedBy) {
        return lockNames(org)
                .then(get(org, id))
                .flatMap(existing -> dependants(org, existing).collectList().flatMap(dependants -> {
                    if (!dependants.isEmpty()) {
                        var conflict = Problems.of(HttpStatus.CONFLICT, "The mapping '" + existing.name() + "' is looked up by "
                                + dependants.size() + " other mapping(s); change or delete them first.", "MAPPING_IN_USE", List.of());
                        conflict.getBody().setProperty("usedBy", dependants);
                        return Mono.<Void>error(conflict);
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return db.sql("""
                                    UPDATE mapping SET archived_at = :at, archived_by = :by, updated_at = :at
                                    WHERE organization_id = :org AND id = :id AND current_version = :current AND archived_at IS NULL
                                    """)
                            .bind("at", now).bind("by", archivedBy).bind("org", org.value()).bind("id", id)
                            .bind("current", existing.currentVersion())
                            .fetch().rowsUpdated()
                            .flatMap(rows -> rows == 0
                                    ? Mono.error(Problems.conflict("CONCURRENT_UPDATE", "The mapping changed meanwhile; reload and retry."))
                                    : outbox.append(new MappingArchived(new MappingId(id), org, existing.name(), existing.currentVersion(),
                                            new ConnectionId(existing.spec().source().connectionId()), now)))
                            .then();
                }))
                .as(tx::transactional);
    }

    /** The live mappings, other than {@code mapping}, whose current fields look it up by name. */
    private Flux<Dependant> dependants(OrganizationId org, View mapping) {
        return db.sql("""
                        SELECT m.id, m.name, v.spec::text AS spec FROM mapping m
                        JOIN mapping_version v ON v.mapping_id = m.id AND v.version = m.current_version
                        WHERE m.organization_id = :org AND m.archived_at IS NULL AND m.id <> :id
                        ORDER BY lower(m.name), m.id
                        """)
                .bind("org", org.value()).bind("id", mapping.id())
                .map(r -> new Current(r.get("id", UUID.class), r.get("name", String.class), json.readValue(r.get("spec", String.class),
                        MappingSpec.class)))
                .all()
                .filter(m -> lookedUp(m.spec()).contains(mapping.name()))
                .map(m -> new Dependant(m.id(), m.name()));
    }

    private record Current(UUID id, String name, MappingSpec spec) {
    }

    /** The mapping names a spec's fields look up; an expression that does not parse looks up nothing. */
    static java.util.Set<String> lookedUp(MappingSpec spec) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (MappingSpec.Field f : spec.fields()) {
            try {
                names.addAll(Expression.lookedUpMappings(f.expression()));
            } catch (ExpressionException e) {
                // validated before it was saved; nothing to find in what does not parse
            }
        }
        return names;
    }

    /**
     * Inside a save's transaction: takes the organization's lock, then checks that every mapping the spec looks up is
     * still live. Validation ran before the lock; a mapping it found may have been archived since.
     */
    private Mono<Void> lockedWithLookups(OrganizationId org, MappingSpec spec) {
        java.util.Set<String> names = lookedUp(spec);
        if (names.isEmpty()) {
            return lockNames(org);
        }
        return lockNames(org).then(db.sql("""
                        SELECT count(DISTINCT name) FROM mapping
                        WHERE organization_id = :org AND archived_at IS NULL AND name = ANY (:names)
                        """)
                .bind("org", org.value()).bind("names", names.toArray(String[]::new))
                .map(r -> r.get(0, Long.class)).one()
                .flatMap(live -> live == names.size() ? Mono.<Void>empty()
                        : Mono.error(Problems.conflict("CONCURRENT_UPDATE",
                        "A mapping this one looks up was deleted meanwhile; validate it again."))));
    }

    /** Serializes saves and archives of one organization's mappings until the transaction ends. */
    private Mono<Void> lockNames(OrganizationId org) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended('dm_mapping.mapping:' || :org, 0))")
                .bind("org", org.value()).then();
    }
}
