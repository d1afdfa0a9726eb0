package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Secrets;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.mapping.target.TargetCatalog;
import com.platform.datamigration.mapping.target.TargetProperties;
import com.platform.datamigration.runtime.sql.SqlDialect;
import com.platform.datamigration.runtime.target.RowInsert;
import com.platform.datamigration.runtime.target.TargetLookup;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.runtime.target.TargetTables;
import com.platform.datamigration.runtime.target.TargetRefusal;
import com.platform.datamigration.runtime.value.NormalizedType;
import com.platform.datamigration.runtime.value.ValueText;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import com.platform.datamigration.support.source.ConnectionCredentials;
import com.platform.datamigration.support.source.SourceConnector;
import com.platform.datamigration.support.source.SourceCredentials;
import com.platform.datamigration.support.source.SourceException;
import com.platform.datamigration.support.target.TargetTenancy;
import com.platform.datamigration.support.target.TenantScope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A dry run of a mapping on real source rows: a sample that includes the risky ones (nulls in the columns read,
 * the longest values), each mapped in Java with its per-field errors, then inserted into the target inside a
 * transaction that is always rolled back, to report constraint violations before any data moves. The rows go in as
 * a run writes them, with the caller's organization in the tenant column, so a unique violation can only come from
 * the organization's own rows, and lookups answer from those alone.
 *
 * <p>Mappings previewed together ({@link #preview(OrganizationId, List, int)}) share one such transaction: each
 * mapping's rows are written before those of the mappings that look it up ({@link PreviewOrder}), so their lookups and
 * foreign keys find the rows the preview wrote, and the parents' samples include the rows their children's sampled
 * rows refer to. Nothing is ever committed.
 */
@Component
public class Preview {

    private final Mappings mappings;
    private final SourceTables sources;
    private final TargetCatalog targets;
    private final TargetProperties targetProps;
    private final TargetTenancy tenancy;
    private final ConnectionCredentials credentials;
    private final SourceConnector connector;
    private final OrganizationSecrets secrets;

    Preview(Mappings mappings, SourceTables sources, TargetCatalog targets, TargetProperties targetProps, TargetTenancy tenancy,
            ConnectionCredentials credentials, SourceConnector connector, OrganizationSecrets secrets) {
        this.secrets = secrets;
        this.tenancy = tenancy;
        this.mappings = mappings;
        this.sources = sources;
        this.targets = targets;
        this.targetProps = targetProps;
        this.credentials = credentials;
        this.connector = connector;
    }

    /** One previewed row. */
    public record Row(Map<String, Object> source, Map<String, Object> mapped, List<Issue> errors) {
    }

    public record Result(int rows, int rowsWithErrors, List<Row> items) {
    }

    /** One mapping of a grouped preview, in the order its rows were written. */
    public record GroupItem(UUID mappingId, String name, int rows, int rowsWithErrors, List<Row> items) {
    }

    public record GroupResult(List<GroupItem> mappings) {
    }

    /** The most mappings one grouped preview takes. */
    public static final int MAX_GROUP = 10;

    /** A mapping of a group with what previewing it needs. */
    private record Member(UUID id, String name, MappingSpec spec, TableInfo source, TargetCatalog.TargetTable target,
                          SourceCredentials creds) {
    }

    /** Compiled fields, the path of each (by its target, as {@link FieldPaths} names it), and the source columns they read. */
    private record Compiled(Map<String, Expression> expressions, Map<String, String> paths, Set<String> read) {
    }

    public Mono<Result> preview(OrganizationId org, UUID id, int limit) {
        return mappings.get(org, id).flatMap(m -> Mono.zip(
                        sources.find(org, m.spec().source().connectionId(), m.spec().source().schema(), m.spec().source().table()),
                        targets.table(m.spec().target().schema(), m.spec().target().table()),
                        credentials.of(org, new ConnectionId(m.spec().source().connectionId())), mappings.lookupTargets(org))
                .flatMap(t -> {
                    if (t.getT1().isEmpty() || t.getT2().isEmpty()) {
                        return Mono.error(Problems.conflict("MAPPING_OUT_OF_DATE",
                                "The mapping's source or target table no longer exists; save it again."));
                    }
                    TenantScope scope = tenancy.scope(org.value());
                    Secrets orgSecrets = secrets.of(org);
                    return Mono.fromCallable(() -> run(m.spec(), t.getT1().get(), t.getT2().get(), t.getT3(), t.getT4(), limit, scope,
                                    orgSecrets))
                            .subscribeOn(Schedulers.boundedElastic());
                }))
                .onErrorMap(SourceException.class, e -> com.platform.datamigration.support.source.SourceProblems.of((SourceException) e));
    }

    /**
     * Previews {@code ids} (1 to {@link #MAX_GROUP} distinct mappings of the organization) together, each on at most
     * {@code limit} rows of its own sample, plus as many rows again that the group's other mappings refer to.
     *
     * @return the mappings in the order their rows were written; 422 {@code MAPPING_NOT_FOUND} naming
     *         {@code mappingIds[i]} for a mapping the organization does not have, 422 {@code LOOKUP_CYCLE} naming each
     *         mapping whose lookups wait on one another, 409 {@code MAPPING_OUT_OF_DATE} for a table gone
     */
    public Mono<GroupResult> preview(OrganizationId org, List<UUID> ids, int limit) {
        return Flux.range(0, ids.size())
                .concatMap(i -> mappings.get(org, ids.get(i))
                        .onErrorMap(e -> e instanceof ErrorResponseException r && r.getStatusCode().value() == 404,
                                e -> Problems.unprocessable("MAPPING_NOT_FOUND", "mappingIds[" + i + "]",
                                        "No mapping " + ids.get(i) + " in this organization."))
                        .flatMap(m -> member(org, m)))
                .collectList()
                .zipWith(mappings.lookupTargets(org))
                .flatMap(t -> {
                    List<Member> members = t.getT1();
                    PreviewOrder.Order order = PreviewOrder.of(members.stream().map(m -> new PreviewOrder.Member(m.name(), m.spec(),
                            m.target().schema(), m.target().name(), m.target().foreignKeys())).toList());
                    if (order.hasCycle()) {
                        return Mono.error(Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "The lookups of "
                                + order.cycle().stream().map(i -> "'" + members.get(i).name() + "'").collect(Collectors.joining(", "))
                                + " wait on one another: no mapping of them can be written first.", "LOOKUP_CYCLE",
                                order.cycle().stream().map(i -> new FieldError("mappingIds[" + i + "]",
                                        "waits, through its lookups, on mappings of the group that wait on one another")).toList()));
                    }
                    List<Member> ordered = order.loadOrder().stream().map(members::get).toList();
                    TenantScope scope = tenancy.scope(org.value());
                    Secrets orgSecrets = secrets.of(org);
                    return Mono.fromCallable(() -> new GroupResult(run(ordered, t.getT2(), limit, scope, orgSecrets)))
                            .subscribeOn(Schedulers.boundedElastic());
                })
                .onErrorMap(SourceException.class, e -> com.platform.datamigration.support.source.SourceProblems.of((SourceException) e));
    }

    private Mono<Member> member(OrganizationId org, Mappings.View m) {
        MappingSpec spec = m.spec();
        return Mono.zip(sources.find(org, spec.source().connectionId(), spec.source().schema(), spec.source().table()),
                        targets.table(spec.target().schema(), spec.target().table()),
                        credentials.of(org, new ConnectionId(spec.source().connectionId())))
                .flatMap(t -> t.getT1().isEmpty() || t.getT2().isEmpty()
                        ? Mono.error(Problems.conflict("MAPPING_OUT_OF_DATE", "The source or target table of the mapping '"
                        + m.name() + "' no longer exists; save it again."))
                        : Mono.just(new Member(m.id(), m.name(), spec, t.getT1().get(), t.getT2().get(), t.getT3())));
    }

    /**
     * Samples the members from the last to the first, so that each parent's sample takes in the rows its children's
     * sampled rows look up; then maps and writes them from the first to the last in one transaction, rolled back.
     */
    private List<GroupItem> run(List<Member> ordered, Map<String, Lookups.Target> lookupTargets, int limit, TenantScope scope,
            Secrets secrets) throws SourceException, SQLException {
        Set<String> names = ordered.stream().map(Member::name).collect(Collectors.toSet());
        Map<String, Set<Object>> asked = new HashMap<>();
        // Evaluated over each sample before its parents are sampled, only to collect the keys it looks up in the group.
        Lookups recording = new Lookups() {
            @Override
            public java.util.Optional<Target> target(String mappingName) {
                return java.util.Optional.ofNullable(lookupTargets.get(mappingName));
            }

            @Override
            public java.util.Optional<Object> resolve(String mappingName, Object key) {
                if (key != null && names.contains(mappingName)) {
                    Set<Object> keys = asked.computeIfAbsent(mappingName, n -> new LinkedHashSet<>());
                    if (keys.size() < limit) {
                        keys.add(key);
                    }
                }
                return java.util.Optional.empty();
            }
        };
        List<List<Map<String, Object>>> samples = new ArrayList<>();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Member m = ordered.get(i);
            Compiled c = compile(m.spec(), m.source(), m.target(), recording, secrets);
            List<String> binds = new ArrayList<>();
            String condition = askedCondition(m, asked.getOrDefault(m.name(), Set.of()), binds);
            List<Map<String, Object>> rows = sample(m.spec(), m.source(), m.creds(), c.read(), limit, condition, binds);
            map(rows, c);
            samples.add(0, rows);
        }
        try (Connection targetDb = targetConnection()) {
            try {
                TargetLookup lookup = new TargetLookup(scope.column(), scope.organizationId(), 0);
                Lookups live = Lookups.of(lookupTargets, (t, key) -> lookup.find(targetDb, t, key));
                List<GroupItem> out = new ArrayList<>();
                for (int i = 0; i < ordered.size(); i++) {
                    Member m = ordered.get(i);
                    List<Row> rows = map(samples.get(i), compile(m.spec(), m.source(), m.target(), live, secrets));
                    insert(targetDb, m.spec(), m.target(), rows, scope);
                    out.add(new GroupItem(m.id(), m.name(), rows.size(), (int) rows.stream().filter(r -> !r.errors().isEmpty()).count(),
                            rows));
                }
                return out;
            } finally {
                targetDb.rollback();
            }
        }
    }

    /**
     * The condition on a member's source rows that selects those whose key field takes one of {@code keys}, the values
     * other members' rows look up; null when there are none or the source cannot compute the key field's expression.
     */
    private static String askedCondition(Member m, Set<Object> keys, List<String> binds) {
        if (keys.isEmpty() || m.spec().key().size() != 1) {
            return null;
        }
        String keyField = m.spec().key().get(0);
        MappingSpec.Field field = m.spec().fields().stream().filter(f -> f.target().equals(keyField)).findFirst().orElse(null);
        if (field == null) {
            return null;
        }
        Expression key;
        try {
            key = Expression.compile(field.expression(), types(m.source()));
        } catch (ExpressionException e) {
            return null; // a key computed by a lookup: the source cannot select by it
        }
        SqlDialect dialect = SqlDialect.of(m.creds().type());
        String placeholders;
        String value;
        TableInfo.ColumnInfo column = key.columnReference().map(m.source()::column).orElse(null);
        if (column != null) {
            // The column itself, so that the source can use its index.
            value = dialect.quote(column.name());
            placeholders = keys.stream().map(k -> dialect.parameter(column.nativeType())).collect(Collectors.joining(", "));
        } else {
            var text = dialect.expressionText(key);
            if (text.isEmpty()) {
                return null;
            }
            value = text.get();
            placeholders = keys.stream().map(k -> "?").collect(Collectors.joining(", "));
        }
        keys.forEach(k -> binds.add(ValueText.of(k)));
        return value + " IN (" + placeholders + ")";
    }

    private Result run(MappingSpec spec, TableInfo source, TargetCatalog.TargetTable target, SourceCredentials creds,
            Map<String, Lookups.Target> lookupTargets, int limit, TenantScope scope, Secrets secrets) throws SourceException, SQLException {
        try (Connection targetDb = targetConnection()) {
            // Inside the preview's own (rolled back) transaction, among the organization's rows; nothing kept between rows,
            // so each lookup sees what the preview has inserted so far.
            TargetLookup lookup = new TargetLookup(scope.column(), scope.organizationId(), 0);
            return run(spec, source, target, creds, Lookups.of(lookupTargets, (t, key) -> lookup.find(targetDb, t, key)), limit,
                    targetDb, scope, secrets);
        }
    }

    private Connection targetConnection() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", targetProps.username());
        if (targetProps.password() != null && !targetProps.password().isEmpty()) {
            p.setProperty("password", targetProps.password());
        }
        Connection c = DriverManager.getConnection(targetProps.jdbcUrl(), p);
        c.setAutoCommit(false);
        return c;
    }

    private Result run(MappingSpec spec, TableInfo source, TargetCatalog.TargetTable target, SourceCredentials creds,
            Lookups lookups, int limit, Connection targetDb, TenantScope scope, Secrets secrets) throws SourceException, SQLException {
        Compiled compiled = compile(spec, source, target, lookups, secrets);
        List<Row> out = map(sample(spec, source, creds, compiled.read(), limit, null, List.of()), compiled);
        try {
            insert(targetDb, spec, target, out, scope);
        } finally {
            targetDb.rollback();
        }
        return new Result(out.size(), (int) out.stream().filter(r -> !r.errors().isEmpty()).count(), out);
    }

    private static Compiled compile(MappingSpec spec, TableInfo source, TargetCatalog.TargetTable target, Lookups lookups,
            Secrets secrets) {
        Map<String, Type> types = types(source);
        FieldPaths fieldPaths = FieldPaths.of(spec.fields(),
                target.fields().stream().map(TargetCatalog.TargetField::name).collect(Collectors.toSet()));
        Map<String, Expression> expressions = new LinkedHashMap<>();
        Map<String, String> paths = new HashMap<>();
        for (int i = 0; i < spec.fields().size(); i++) {
            MappingSpec.Field f = spec.fields().get(i);
            try {
                expressions.put(f.target(), Expression.compile(f.expression(), types, lookups, secrets));
                paths.put(f.target(), fieldPaths.of(i));
            } catch (ExpressionException e) {
                // Valid when saved, no longer (a looked-up mapping gone, a column's type changed): as a table gone.
                throw Problems.conflict("MAPPING_OUT_OF_DATE", "The mapping '" + spec.name() + "' no longer validates ("
                        + fieldPaths.of(i) + ": " + e.code() + "); save it again.");
            }
        }
        Set<String> read = new LinkedHashSet<>();
        expressions.values().forEach(e -> read.addAll(e.columns()));
        return new Compiled(expressions, paths, read);
    }

    private static Map<String, Type> types(TableInfo source) {
        Map<String, Type> types = new HashMap<>();
        source.columns().forEach(c -> types.put(c.name(), Type.ofNormalized(c.normalizedType())));
        return types;
    }

    /** Each row with its mapped values and the fields that failed. */
    private static List<Row> map(List<Map<String, Object>> rows, Compiled compiled) {
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> mapped = new LinkedHashMap<>();
            List<Issue> errors = new ArrayList<>();
            for (Map.Entry<String, Expression> e : compiled.expressions().entrySet()) {
                try {
                    mapped.put(e.getKey(), e.getValue().evaluate(row));
                } catch (ExpressionException x) {
                    errors.add(new Issue(compiled.paths().get(e.getKey()), x.code(), x.getMessage()));
                }
            }
            out.add(new Row(row, mapped, errors));
        }
        return out;
    }

    /**
     * First rows, rows with a null in a column read, and the rows with the longest values of text columns read, at most
     * {@code limit}; then, with {@code asked} (a condition on the source's row, its parameters in {@code askedBinds}), at
     * most as many rows again that it selects: those other mappings of a group refer to.
     */
    private List<Map<String, Object>> sample(MappingSpec spec, TableInfo source, SourceCredentials creds, Set<String> read, int limit,
            String asked, List<String> askedBinds) throws SourceException, SQLException {
        SqlDialect dialect = SqlDialect.of(creds.type());
        String columns = dialect.columns(source.columns().stream().map(TableInfo.ColumnInfo::name).toList());
        String from = " FROM " + dialect.table(source.schema(), source.name());
        List<String> queries = new ArrayList<>();
        queries.add("SELECT " + columns + from + " LIMIT " + Math.max(1, limit / 2));
        if (!read.isEmpty()) {
            queries.add("SELECT " + columns + from + " WHERE " + read.stream().map(c -> dialect.quote(c) + " IS NULL")
                    .collect(Collectors.joining(" OR ")) + " LIMIT " + Math.max(1, limit / 4));
        }
        source.columns().stream()
                .filter(c -> read.contains(c.name()) && NormalizedType.of(c.normalizedType()) == NormalizedType.STRING).limit(3)
                .forEach(c -> queries.add("SELECT " + columns + from + " WHERE " + dialect.quote(c.name()) + " IS NOT NULL ORDER BY "
                        + dialect.textLength(c.name()) + " DESC LIMIT 2"));
        Map<String, Map<String, Object>> unique = new LinkedHashMap<>();
        try (Connection c = connector.open(creds).connection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            for (String sql : queries) {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    read(st, source, unique, limit);
                }
            }
            if (asked != null && !askedBinds.isEmpty()) {
                try (PreparedStatement st = c.prepareStatement("SELECT " + columns + from + " WHERE " + asked + " LIMIT " + askedBinds.size())) {
                    for (int i = 0; i < askedBinds.size(); i++) {
                        st.setString(i + 1, askedBinds.get(i));
                    }
                    read(st, source, unique, unique.size() + askedBinds.size());
                } catch (SQLException e) {
                    // Only a help for the rows that refer to this mapping's (a key the source cannot compare, a slow scan):
                    // without it they report LOOKUP_NOT_FOUND as a preview of the child alone would.
                    c.rollback();
                }
            }
            c.rollback();
        }
        return new ArrayList<>(unique.values());
    }

    private static void read(PreparedStatement st, TableInfo source, Map<String, Map<String, Object>> unique, int limit)
            throws SQLException {
        st.setQueryTimeout(20);
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next() && unique.size() < limit) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < source.columns().size(); i++) {
                    TableInfo.ColumnInfo col = source.columns().get(i);
                    row.put(col.name(), NormalizedType.of(col.normalizedType()).read(rs, i + 1));
                }
                unique.putIfAbsent(row.toString(), row);
            }
        }
    }

    /**
     * Writes each error-free row, with the organization in the tenant column, as a run writes a row it cannot batch
     * ({@link RowInsert}: the same values and casts, under a savepoint, with the conflict policy as far as inserting
     * goes), and records what the target refuses; the caller rolls the transaction back.
     */
    private static void insert(Connection c, MappingSpec spec, TargetCatalog.TargetTable target, List<Row> rows, TenantScope scope)
            throws SQLException {
        // The column types as a run reads them (TargetTables, the runtime's describer), so that both cast alike.
        TargetTable described = TargetTables.describe(c, target.schema(), target.name())
                .orElseThrow(() -> new SQLException("the target table no longer exists", "42P01"));
        // Every row that maps writes the same columns: the mapping's fields in their order, then the tenant column.
        List<String> columns = new ArrayList<>(spec.fields().stream().map(MappingSpec.Field::target).toList());
        List<String> conflictKey = new ArrayList<>();
        if (scope.scoped()) {
            columns.add(scope.column());
            conflictKey.add(scope.column());
        }
        conflictKey.addAll(spec.key());
        // A row whose key the organization already holds is refused under FAIL and passed over under SKIP, as in a
        // run; under UPSERT the run updates it, which a preview does not do (its role may insert, never update), so it
        // passes over the row too instead of reporting a duplicate the run would not have.
        OnConflict policy = spec.onConflict() == OnConflict.FAIL ? OnConflict.FAIL : OnConflict.SKIP;
        RowInsert insert = new RowInsert(target.schema(), target.name(), columns,
                columns.stream().map(name -> type(described, name)).toList(), policy, conflictKey, List.of());
        try (PreparedStatement st = insert.prepare(c)) {
            for (Row row : rows) {
                if (!row.errors().isEmpty() || row.mapped().isEmpty()) {
                    continue;
                }
                List<Object> values = new ArrayList<>(row.mapped().values());
                if (scope.scoped()) {
                    values.add(scope.organizationId());
                }
                try {
                    RowInsert.Outcome outcome = insert.write(c, st, values.toArray());
                    if (outcome.refused() != null) {
                        row.errors().add(violation(outcome.refused()));
                    }
                } catch (SQLException e) {
                    // Not the row's data (a privilege, a lock): still the target refusing it, and shown on the row.
                    row.errors().add(violation(TargetRefusal.of(e)));
                }
            }
        }
    }

    /** A column's type, or null (untyped: the server takes the column's own) for one the description lacks. */
    private static String type(TargetTable table, String column) {
        TargetTable.TargetColumn c = table.column(column);
        return c == null ? null : c.type();
    }

    private static Issue violation(TargetRefusal.Refused refusal) {
        String field = switch (refusal.code()) {
            case NOT_NULL_VIOLATION -> refusal.column() == null ? "target" : refusal.column();
            case UNIQUE_VIOLATION -> "key";
            default -> "target";
        };
        return new Issue(field, refusal.code().name(), refusal.reason());
    }
}
