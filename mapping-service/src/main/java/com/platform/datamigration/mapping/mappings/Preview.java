package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.contracts.ConnectionId;
import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
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
import com.platform.datamigration.support.catalog.TableInfo;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A dry run of a mapping on real source rows: a sample that includes the risky ones (nulls in the columns read,
 * the longest values), each mapped in Java with its per-field errors, then inserted into the target inside a
 * transaction that is always rolled back, to report constraint violations before any data moves. The rows go in as
 * a run writes them, with the caller's organization in the tenant column, so a unique violation can only come from
 * the organization's own rows, and lookups answer from those alone.
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

    Preview(Mappings mappings, SourceTables sources, TargetCatalog targets, TargetProperties targetProps, TargetTenancy tenancy,
            ConnectionCredentials credentials, SourceConnector connector) {
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
                    return Mono.fromCallable(() -> run(m.spec(), t.getT1().get(), t.getT2().get(), t.getT3(), t.getT4(), limit, scope))
                            .subscribeOn(Schedulers.boundedElastic());
                }))
                .onErrorMap(SourceException.class, e -> com.platform.datamigration.support.source.SourceProblems.of((SourceException) e));
    }

    private Result run(MappingSpec spec, TableInfo source, TargetCatalog.TargetTable target, SourceCredentials creds,
            Map<String, Lookups.Target> lookupTargets, int limit, TenantScope scope) throws SourceException, SQLException {
        try (Connection targetDb = targetConnection()) {
            // Inside the preview's own (rolled back) transaction, among the organization's rows; nothing kept between rows,
            // so each lookup sees what the preview has inserted so far.
            TargetLookup lookup = new TargetLookup(scope.column(), scope.organizationId(), 0);
            return run(spec, source, target, creds, Lookups.of(lookupTargets, (t, key) -> lookup.find(targetDb, t, key)), limit,
                    targetDb, scope);
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
            Lookups lookups, int limit, Connection targetDb, TenantScope scope) throws SourceException, SQLException {
        Map<String, Type> types = new HashMap<>();
        source.columns().forEach(c -> types.put(c.name(), Type.ofNormalized(c.normalizedType())));
        Map<String, Expression> expressions = new LinkedHashMap<>();
        spec.fields().forEach(f -> expressions.put(f.target(), Expression.compile(f.expression(), types, lookups)));
        Set<String> read = new LinkedHashSet<>();
        expressions.values().forEach(e -> read.addAll(e.columns()));

        List<Map<String, Object>> rows = sample(spec, source, creds, read, limit);
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> mapped = new LinkedHashMap<>();
            List<Issue> errors = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, Expression> e : expressions.entrySet()) {
                try {
                    mapped.put(e.getKey(), e.getValue().evaluate(row));
                } catch (ExpressionException x) {
                    errors.add(new Issue("fields[" + i + "]", x.code(), x.getMessage()));
                }
                i++;
            }
            out.add(new Row(row, mapped, errors));
        }
        insertAndRollBack(targetDb, spec, target, out, scope);
        return new Result(out.size(), (int) out.stream().filter(r -> !r.errors().isEmpty()).count(), out);
    }

    /** First rows, rows with a null in a column read, and the rows with the longest values of text columns read. */
    private List<Map<String, Object>> sample(MappingSpec spec, TableInfo source, SourceCredentials creds, Set<String> read, int limit)
            throws SourceException, SQLException {
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
            }
            c.rollback();
        }
        return new ArrayList<>(unique.values());
    }

    /**
     * Writes each error-free row, with the organization in the tenant column, as a run writes a row it cannot batch
     * ({@link RowInsert}: the same values and casts, under a savepoint, with the conflict policy as far as inserting
     * goes), records what the target refuses, and rolls everything back.
     */
    private void insertAndRollBack(Connection c, MappingSpec spec, TargetCatalog.TargetTable target, List<Row> rows, TenantScope scope)
            throws SQLException {
        try {
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
        } finally {
            c.rollback();
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
