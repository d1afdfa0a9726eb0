package com.platform.datamigration.run.loads;

import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Secrets;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.run.ledger.Reject;
import com.platform.datamigration.run.runs.Pinned;
import com.platform.datamigration.runtime.pushdown.Pushdown;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.runtime.sql.SqlDialect;
import com.platform.datamigration.runtime.target.TargetRefusal;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.runtime.value.NormalizedType;
import com.platform.datamigration.support.catalog.TableInfo;
import com.platform.datamigration.support.target.TenantScope;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A pinned mapping compiled for one organization's chunks: its expressions and filter, the source columns it reads,
 * the target columns it writes and what identifies a target row. Immutable; the SQL it is written with is in
 * {@link ChunkStatements}, the per-row work in {@link RowMapper}.
 *
 * <p>Tenancy: on a multi-tenant platform every row written carries the run's organization in the tenant column
 * (added here, never mapped), conflicts are matched on the tenant column and the mapping's key together, and every
 * lookup, read-back and reconciliation sees only the organization's rows.
 */
public final class ChunkMapping {

    private static final Set<String> INTEGRAL_TARGET = Set.of("smallint", "integer", "bigint");

    private final Pinned pinned;
    private final TenantScope tenant;
    private final TargetTable.TargetColumn tenantColumn;
    private final Map<String, Type> types = new HashMap<>();
    private final Map<String, Expression> expressions = new LinkedHashMap<>();
    private final Expression filter;
    private final Set<String> read = new LinkedHashSet<>();
    private final Secrets secrets;

    /**
     * @param tenant the organization whose rows the chunks write; the target must have its tenant column and the
     *               mapping must not name it
     * @throws IllegalStateException when the target or the mapping does not fit the tenant scope
     */
    public ChunkMapping(Pinned pinned, TenantScope tenant) {
        this(pinned, tenant, Secrets.NONE);
    }

    /** With the organization's secrets ({@code hmac_sha256}'s key), which a mapping using them needs. */
    public ChunkMapping(Pinned pinned, TenantScope tenant, Secrets secrets) {
        this.pinned = pinned;
        this.secrets = secrets;
        this.tenant = tenant;
        if (tenant.scoped()) {
            tenantColumn = pinned.target().column(tenant.column());
            if (tenantColumn == null) {
                throw new IllegalStateException("the target table " + pinned.targetName() + " has no tenant column");
            }
            if (pinned.spec().fields().stream().anyMatch(f -> tenant.isTenantColumn(f.target()))
                    || pinned.spec().key().stream().anyMatch(tenant::isTenantColumn)) {
                throw new IllegalStateException("the mapping names the tenant column");
            }
        } else {
            tenantColumn = null;
        }
        pinned.source().columns().forEach(c -> types.put(c.name(), Type.ofNormalized(c.normalizedType())));
        // Compiled for their SQL, types and columns; rows are evaluated by a RowMapper, whose lookups have a connection.
        Lookups lookups = lookups((t, k) -> {
            throw new IllegalStateException("lookups are evaluated by a row mapper");
        });
        pinned.spec().fields().forEach(f -> expressions.put(f.target(), Expression.compile(f.expression(), types, lookups, secrets)));
        filter = compileFilter(lookups);
        read.addAll(pinned.source().primaryKey());
        expressions.values().forEach(e -> read.addAll(e.columns()));
        if (filter != null) {
            read.addAll(filter.columns());
        }
    }

    /** The mapping's lookup targets, each resolved by {@code find}. */
    Lookups lookups(BiFunction<Lookups.Target, Object, Optional<Object>> find) {
        return Lookups.of(pinned.lookupTargets() == null ? Map.of() : pinned.lookupTargets(), find);
    }

    /** The expressions compiled again with {@code lookups}, in the mapping's order of target columns. */
    Map<String, Expression> compile(Lookups lookups) {
        Map<String, Expression> out = new LinkedHashMap<>();
        pinned.spec().fields().forEach(f -> out.put(f.target(), Expression.compile(f.expression(), types, lookups, secrets)));
        return out;
    }

    Expression compileFilter(Lookups lookups) {
        String f = pinned.spec().filter();
        return f == null || f.isBlank() ? null : Expression.compile(f, types, lookups, secrets);
    }

    public Pinned pinned() {
        return pinned;
    }

    TenantScope tenant() {
        return tenant;
    }

    TargetTable.TargetColumn tenantColumn() {
        return tenantColumn;
    }

    Map<String, Expression> expressions() {
        return expressions;
    }

    Expression filter() {
        return filter;
    }

    /** The source columns read: the key, then every column an expression or the filter names. */
    List<String> readColumns() {
        return List.copyOf(read);
    }

    SqlDialect sourceDialect() {
        return SqlDialect.of(pinned.sourceType());
    }

    private Pushdown pushdown;

    /** How the mapping loads, field by field: the decision both the run and the mapping's validation take. */
    public Pushdown pushdown() {
        if (pushdown == null) {
            pushdown = Pushdown.decide(pinned.sourceType(), expressions, filter, pinned.target(),
                    tenant.scoped() ? tenant.column() : null, pinned.lookupTargets());
        }
        return pushdown;
    }

    /** Whether the chunk can take the binary COPY pipe: PostgreSQL on both ends, all in SQL, built-in target types. */
    public boolean fastPathPossible() {
        return pushdown().path() == Pushdown.Path.COPY_BINARY;
    }

    private Boolean siftable;

    /**
     * Whether the binary pipe can sift this mapping's rows (it takes the pipe, and some row can fail in SQL: a guard or
     * a target check exists), so a chunk with bad rows stays on the pipe.
     */
    public boolean siftable() {
        if (siftable == null) {
            siftable = (fastPathPossible() || joinable()) && new ChunkStatements(this).rowGuard() != null;
        }
        return siftable;
    }

    /** A target column whose whole expression is a lookup: its key, and what the key is looked up in. */
    record JoinedLookup(Expression key, Lookups.Target target) {
    }

    /**
     * The target columns whose expression is a lookup and nothing else, by column, in the mapping's order; empty
     * when any other expression (or the filter) needs the target, or a lookup's key cannot run in the source's SQL.
     */
    Map<String, JoinedLookup> joinedLookups() {
        if (joinedLookups == null) {
            joinedLookups = findJoinedLookups();
        }
        return joinedLookups;
    }

    private Map<String, JoinedLookup> joinedLookups;

    private Map<String, JoinedLookup> findJoinedLookups() {
        Map<String, JoinedLookup> out = new LinkedHashMap<>();
        for (Map.Entry<String, Expression> e : expressions.entrySet()) {
            if (e.getValue().pushable()) {
                continue;
            }
            Optional<Expression.LookupCall> call = e.getValue().lookupCall();
            Lookups.Target target = call.flatMap(c -> Optional.ofNullable(pinned.lookupTargets()).map(t -> t.get(c.mapping()))).orElse(null);
            if (call.isEmpty() || !call.get().key().pushable() || target == null) {
                return Map.of();
            }
            out.put(e.getKey(), new JoinedLookup(call.get().key(), target));
        }
        return out;
    }

    /**
     * Whether the chunk's lookups can be translated set-based: PostgreSQL on both ends, every expression in SQL but
     * for whole-expression lookups whose keys are, the filter in SQL, built-in target types. The rows are then piped
     * into a staging table with their lookup keys and joined to the looked-up tables once per chunk.
     */
    public boolean joinable() {
        return pushdown().path() == Pushdown.Path.COPY_BINARY_JOINED;
    }

    /** Whether any expression or the filter looks rows up in the target (so rows are mapped in Java). */
    boolean hasLookups() {
        return expressions.values().stream().anyMatch(e -> !e.pushable()) || (filter != null && !filter.pushable());
    }

    /** Whether rows that already exist may be merged (the conflict policy is not {@code FAIL}). */
    public boolean mergeAllowed() {
        return pinned.spec().onConflict() != OnConflict.FAIL;
    }

    /** The mapped target columns, in the mapping's order. */
    List<String> targetColumns() {
        return new ArrayList<>(expressions.keySet());
    }

    /** The columns every write fills: the mapped ones, then the tenant column. */
    List<String> writtenColumns() {
        List<String> columns = targetColumns();
        if (tenant.scoped()) {
            columns.add(tenant.column());
        }
        return columns;
    }

    /** What identifies a row of the target: the tenant column with the mapping's key. */
    List<String> conflictKey() {
        List<String> key = new ArrayList<>();
        if (tenant.scoped()) {
            key.add(tenant.column());
        }
        key.addAll(pinned.spec().key());
        return key;
    }

    /** The mapped columns that are not the key: what an upsert updates. */
    List<String> updatedColumns() {
        List<String> key = pinned.spec().key();
        return targetColumns().stream().filter(c -> !key.contains(c)).toList();
    }

    String targetTable() {
        return PostgresDialect.INSTANCE.table(pinned.target().schema(), pinned.target().name());
    }

    String sourceTable() {
        return sourceDialect().table(pinned.source().schema(), pinned.source().name());
    }

    /**
     * Whether the chunk's rows can be found again in the target by the chunk's own key range: the target key is the
     * source key, column for column, copied unchanged, and integral on both sides (so both order it the same way).
     */
    public boolean keyRangeCarriesOver() {
        List<String> targetKey = pinned.spec().key();
        List<String> sourceKey = pinned.source().primaryKey();
        if (targetKey.isEmpty() || targetKey.size() != sourceKey.size()) {
            return false;
        }
        for (int i = 0; i < targetKey.size(); i++) {
            Expression e = expressions.get(targetKey.get(i));
            TableInfo.ColumnInfo from = pinned.source().column(sourceKey.get(i));
            TargetTable.TargetColumn to = pinned.target().column(targetKey.get(i));
            if (e == null || !e.columnReference().map(sourceKey.get(i)::equals).orElse(false) || from == null || to == null
                    || !NormalizedType.of(from.normalizedType()).integral() || !INTEGRAL_TARGET.contains(to.type())) {
                return false;
            }
        }
        return true;
    }

    /** Raw (text) values back to the types the source column has, for a replay. */
    Map<String, Object> typed(Map<String, String> raw) {
        Map<String, Object> row = new HashMap<>();
        raw.forEach((column, text) -> {
            TableInfo.ColumnInfo col = pinned.source().column(column);
            row.put(column, col == null ? text : NormalizedType.of(col.normalizedType()).parse(text));
        });
        return row;
    }

    /** A row the target refused, as a reject naming the field at fault where the refusal says. */
    Reject refused(Map<String, Object> row, TargetRefusal.Refused refusal) {
        String field = switch (refusal.code()) {
            case NOT_NULL_VIOLATION -> refusal.column();
            case UNIQUE_VIOLATION -> String.join(",", pinned.spec().key());
            default -> null;
        };
        return reject(row, field, refusal.code().name(), refusal.reason(), true);
    }

    /** A reject of {@code row}: its source key and every column read, as text. */
    Reject reject(Map<String, Object> row, String field, String code, String reason, boolean byTarget) {
        Map<String, String> key = new LinkedHashMap<>();
        pinned.source().primaryKey().forEach(k -> key.put(k, raw(row.get(k))));
        Map<String, String> raw = new LinkedHashMap<>();
        read.forEach(c -> raw.put(c, raw(row.get(c))));
        return new Reject(key, raw, field, code, reason, byTarget);
    }

    private static String raw(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        String s = v instanceof BigDecimal d ? d.toPlainString() : v.toString();
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
