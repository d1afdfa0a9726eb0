package com.platform.datamigration.run.loads;

import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.runtime.target.RowInsert;
import com.platform.datamigration.runtime.value.NormalizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL a chunk of a {@link ChunkMapping} is read and written with, built from the runtime's dialects: every
 * identifier comes from a catalog and is quoted there, every bound is a typed literal or a parameter.
 */
final class ChunkStatements {

    private static final PostgresDialect PG = PostgresDialect.INSTANCE;

    private final ChunkMapping mapping;

    ChunkStatements(ChunkMapping mapping) {
        this.mapping = mapping;
    }

    private List<String> nativeTypes(List<String> sourceColumns) {
        return sourceColumns.stream().map(c -> mapping.pinned().source().column(c).nativeType()).toList();
    }

    /** The range as a condition with the bounds inlined as literals (COPY takes no parameters); PostgreSQL only. */
    String rangeLiteral(KeyRange range) {
        if (range instanceof KeyRange.KeyBounds k) {
            List<String> key = mapping.pinned().source().primaryKey();
            return PG.keyRangeLiterals(key, nativeTypes(key), k.lower(), k.upper());
        }
        if (range instanceof KeyRange.TupleIdBounds t) {
            return PG.tupleIdRange(t.lowerValues(), t.upperValues());
        }
        return "TRUE";
    }

    /** The range as a condition with parameters; the values to bind are added to {@code binds} in order. */
    String rangeParameters(KeyRange range, List<String> binds) {
        if (range instanceof KeyRange.KeyBounds k) {
            List<String> key = mapping.pinned().source().primaryKey();
            return mapping.sourceDialect().keyRangeParameters(key, nativeTypes(key), k.lower(), k.upper(), binds);
        }
        if (range instanceof KeyRange.TupleIdBounds t) {
            return PG.tupleIdRange(t.lowerValues(), t.upperValues());  // checked tuple ids, inlined
        }
        return "1 = 1";
    }

    /**
     * A source column as the compiled expressions read it (PostgreSQL): a column the language takes as text but the
     * source types otherwise (an enum, a time, an interval) is read as its text, as the Java evaluation reads it, so a
     * value map or a comparison over it is a comparison of text and not of the source's type.
     */
    String sourceColumn(String column) {
        return switch (NormalizedType.of(mapping.pinned().source().column(column).normalizedType())) {
            case ENUM, SET, TIME, INTERVAL -> "CAST(" + PG.quote(column) + " AS text)";
            default -> PG.quote(column);
        };
    }

    /**
     * A mapped target column's value in PostgreSQL, before its cast to the column's type; for a column looked up by a
     * join ({@link ChunkMapping#joinedLookups()}), its lookup key.
     */
    private String value(String target) {
        return value(target, false);
    }

    /** With {@code trusted}, the value for rows the guard holds for (its checks not made twice). */
    private String value(String target, boolean trusted) {
        Expression e = computed(target);
        return trusted ? e.toGuardedSql(this::sourceColumn) : e.toSql(this::sourceColumn);
    }

    /** What the source computes for a target column: its expression, or for a column looked up by a join, the key. */
    private Expression computed(String target) {
        ChunkMapping.JoinedLookup lookup = mapping.joinedLookups().get(target);
        return lookup == null ? mapping.expressions().get(target) : lookup.key();
    }

    /**
     * The check that the computed value {@code v} of a target column fits what it is written into (the column, or for a
     * looked-up column the key it is compared with); null when nothing can fail, or the value already is of that type.
     */
    private String fits(String target, String v) {
        ChunkMapping.JoinedLookup lookup = mapping.joinedLookups().get(target);
        Expression e = computed(target);
        String to = lookup == null ? mapping.pinned().target().column(target).type() : lookup.target().keyType();
        return e.sqlType().map(to::equals).orElse(false) ? null : TargetChecks.fits(v, e.type(), to);
    }

    /**
     * What a chunk writes, in order: each target column's value cast to its type (with {@code joined}, a looked-up
     * column's lookup key cast to the looked-up key's type), the organization, and with {@code joined} the source key
     * as text ({@code tid}: how the row's tuple id is named, for a table without a key).
     */
    private List<String> outputs(boolean joined, String tid) {
        return outputs(joined, tid, false);
    }

    private List<String> outputs(boolean joined, String tid, boolean trusted) {
        Map<String, ChunkMapping.JoinedLookup> lookups = joined ? mapping.joinedLookups() : Map.of();
        List<String> out = new ArrayList<>();
        for (String t : mapping.targetColumns()) {
            ChunkMapping.JoinedLookup lookup = lookups.get(t);
            out.add(lookup == null ? PG.cast(value(t, trusted), mapping.pinned().target().column(t).type())
                    : PG.cast(value(t, trusted), PostgresDialect.unlimited(lookup.target().keyType())));
        }
        if (mapping.tenant().scoped()) {
            out.add(tenantLiteral());
        }
        if (joined) {
            List<String> key = mapping.pinned().source().primaryKey();
            if (key.isEmpty()) {
                out.add("CAST(" + tid + " AS text)");
            } else {
                key.forEach(k -> out.add("CAST(" + PG.quote(k) + " AS text)"));
            }
        }
        return out;
    }

    private String filterSql() {
        return mapping.filter() == null ? null : "(" + mapping.filter().toSql(this::sourceColumn) + ") IS TRUE";
    }

    /** The SELECT of mapped values, cast to the target's types, then the organization, for one range (PostgreSQL). */
    String mappedSelect(KeyRange range) {
        return mappedSelect(range, false);
    }

    private String mappedSelect(KeyRange range, boolean joined) {
        String select = String.join(", ", outputs(joined, "ctid"));
        String where = rangeLiteral(range) + (mapping.filter() == null ? "" : " AND " + filterSql());
        return "SELECT " + select + " FROM " + mapping.sourceTable() + " WHERE " + where;
    }

    /**
     * A condition over a source row, true when every mapped value (and the filter) can be computed and written into
     * its target column (not null where the column takes no null, within its length, its integer range, its
     * precision), that never fails itself; null when no row can fail that way. See {@link
     * com.platform.datamigration.mapping.expression.Expression#guardSql}.
     */
    String rowGuard() {
        List<String> guards = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        java.util.Set<String> notNull = new java.util.HashSet<>();
        mapping.pinned().source().columns().stream().filter(c -> !c.nullable()).forEach(c -> notNull.add(c.name()));
        for (String t : mapping.targetColumns()) {
            Expression e = computed(t);
            guards.add(e.guardSql(this::sourceColumn));
            if (mapping.pinned().target().column(t).notNull() && !e.neverNull(notNull)) {
                checks.add(e.notNullSql(this::sourceColumn));
            }
            checks.add(fits(t, "(" + value(t, true) + ")"));  // only computed once the guards hold
        }
        if (mapping.filter() != null) {
            guards.add(mapping.filter().guardSql(this::sourceColumn));
        }
        String g = TargetChecks.all(guards);
        String c = TargetChecks.all(checks);
        return g == null ? c : c == null ? g : "CASE WHEN " + g + " THEN " + c + " ELSE FALSE END";
    }

    /** Whether computing a target column's value (cast to its column's type) can fail in SQL. */
    private boolean canFail(String target) {
        return computed(target).guardSql(this::sourceColumn) != null || fits(target, "v") != null;
    }

    /** How many marker columns end a sifted row: the source key's columns, or the tuple id of a table without a key. */
    int markers() {
        return Math.max(1, mapping.pinned().source().primaryKey().size());
    }

    /**
     * The mapped SELECT with each row's convertibility decided by {@link #rowGuard()}: a row that holds has its mapped
     * values, the organization, and null markers; one that does not has nulls, and its key as text in the markers (by
     * which it is read again). The guard is computed once per row, in a subquery the planner keeps (OFFSET 0).
     */
    String siftedSelect(KeyRange range) {
        return siftedSelect(range, false);
    }

    private String siftedSelect(KeyRange range, boolean joined) {
        String guard = rowGuard();
        if (guard == null) {
            throw new IllegalStateException("no row of this mapping can fail in SQL; nothing to sift");
        }
        List<String> key = mapping.pinned().source().primaryKey();
        List<String> read = new ArrayList<>(mapping.readColumns().stream().map(PG::quote).toList());
        List<String> markers;
        if (key.isEmpty()) {
            read.add("ctid AS dm_row_tid");
            markers = List.of("dm_row_tid");
        } else {
            markers = key.stream().map(PG::quote).toList();
        }
        String filter = mapping.filter() == null ? "" : " AND " + (mapping.filter().guardSql(this::sourceColumn) == null ? filterSql()
                : "CASE WHEN " + mapping.filter().guardSql(this::sourceColumn) + " THEN " + filterSql() + " ELSE TRUE END");
        String inner = "SELECT " + String.join(", ", read) + ", " + guard + " AS dm_row_ok FROM " + mapping.sourceTable() + " WHERE "
                + rangeLiteral(range) + filter + " OFFSET 0";
        List<String> outputs = outputs(joined, "dm_row_tid", false);
        List<String> trusted = outputs(joined, "dm_row_tid", true);
        List<String> targets = mapping.targetColumns();
        List<String> select = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            // Only a value whose computation can fail waits for the guard; the others are computed for every row (a
            // held-back row's values are dropped anyway), the organization and the source key too.
            select.add(i < targets.size() && canFail(targets.get(i)) ? "CASE WHEN dm_row_ok THEN " + trusted.get(i) + " END" : outputs.get(i));
        }
        String selected = String.join(", ", select)
                + markers.stream().map(m -> ", CASE WHEN dm_row_ok THEN NULL ELSE CAST(" + m + " AS text) END").collect(Collectors.joining());
        return "SELECT " + selected + " FROM (" + inner + ") dm_rows";
    }

    boolean mappingSiftable() {
        return mapping.siftable();
    }

    /** The sifted SELECT as binary COPY out. */
    String siftedCopyOut(KeyRange range) {
        return PG.copyOut(siftedSelect(range));
    }

    /** The SELECT a joined chunk pipes into its staging table ({@link #createJoinStaging}), sifted when it can be. */
    String joinedCopyOut(KeyRange range) {
        return PG.copyOut(mapping.siftable() ? siftedSelect(range, true) : mappedSelect(range, true));
    }

    private List<String> joinColumnNames() {
        List<String> names = new ArrayList<>();
        Map<String, ChunkMapping.JoinedLookup> lookups = mapping.joinedLookups();
        List<String> targets = mapping.targetColumns();
        for (int i = 0; i < targets.size(); i++) {
            names.add(lookups.containsKey(targets.get(i)) ? "dm_lookup_" + i : targets.get(i));
        }
        if (mapping.tenant().scoped()) {
            names.add(mapping.tenant().column());
        }
        for (int i = 0; i < markers(); i++) {
            names.add("dm_source_key_" + i);
        }
        return names;
    }

    /**
     * The staging table of a joined chunk, dropped at commit: a column per target column (a looked-up one holds its
     * lookup key, of the looked-up key's type), the tenant column, and the source key as text, in the order of
     * {@link #joinedCopyOut}.
     */
    String createJoinStaging(String name) {
        List<String> names = joinColumnNames();
        Map<String, ChunkMapping.JoinedLookup> lookups = mapping.joinedLookups();
        List<String> targets = mapping.targetColumns();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String type;
            if (i < targets.size()) {
                ChunkMapping.JoinedLookup lookup = lookups.get(targets.get(i));
                type = lookup == null ? mapping.pinned().target().column(targets.get(i)).type() : lookup.target().keyType();
            } else if (mapping.tenant().scoped() && i == targets.size()) {
                type = mapping.tenantColumn().type();
            } else {
                type = "text";
            }
            columns.add(PG.quote(names.get(i)) + " " + PostgresDialect.unlimited(type));
        }
        return "CREATE TEMP TABLE " + name + " (" + String.join(", ", columns) + ") ON COMMIT DROP";
    }

    /** {@code COPY staging FROM STDIN} in its own column order, binary. */
    String copyIntoJoinStaging(String staging) {
        return "COPY " + staging + " FROM STDIN (FORMAT binary)";
    }

    private String parentMatch(String alias, ChunkMapping.JoinedLookup lookup, String key) {
        return alias + "." + PG.quote(lookup.target().keyField()) + " = " + key
                + (mapping.tenant().scoped() ? " AND " + alias + "." + PG.quote(mapping.tenant().column()) + " = " + tenantLiteral() : "");
    }

    /**
     * The staged rows with every looked-up key translated, into a temporary table {@code joined} dropped at commit: the
     * written columns (named as the target's), the source key as text, and {@code dm_resolved}, whether every lookup
     * of the row found its row (a null key looks up nothing and is null), by one left join per looked-up table among
     * the organization's rows.
     */
    String createJoined(String staging, String joined) {
        Map<String, ChunkMapping.JoinedLookup> lookups = mapping.joinedLookups();
        List<String> targets = mapping.targetColumns();
        List<String> select = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        StringBuilder joins = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            ChunkMapping.JoinedLookup lookup = lookups.get(targets.get(i));
            if (lookup == null) {
                select.add("s." + PG.quote(targets.get(i)));
            } else {
                String alias = PG.quote("dm_p" + i);
                String key = "s." + PG.quote("dm_lookup_" + i);
                select.add(alias + "." + PG.quote(lookup.target().primaryKey()) + " AS " + PG.quote(targets.get(i)));
                joins.append(" LEFT JOIN ").append(PG.table(lookup.target().schema(), lookup.target().table())).append(' ').append(alias)
                        .append(" ON ").append(parentMatch(alias, lookup, key));
                resolved.add("(" + key + " IS NULL OR " + alias + "." + PG.quote(lookup.target().primaryKey()) + " IS NOT NULL)");
            }
        }
        if (mapping.tenant().scoped()) {
            select.add("s." + PG.quote(mapping.tenant().column()));
        }
        for (int i = 0; i < markers(); i++) {
            select.add("s." + PG.quote("dm_source_key_" + i));
        }
        select.add((resolved.isEmpty() ? "TRUE" : String.join(" AND ", resolved)) + " AS dm_resolved");
        return "CREATE TEMP TABLE " + joined + " ON COMMIT DROP AS SELECT " + String.join(", ", select) + " FROM " + staging + " s" + joins;
    }

    /** The joined rows whose lookups all resolved, written into {@code into} followed by {@code conflict}. */
    String insertResolved(String joined, String into, String conflict) {
        return "INSERT INTO " + into + " (" + PG.columns(mapping.writtenColumns()) + ") SELECT " + PG.columns(mapping.writtenColumns())
                + " FROM " + joined + " WHERE dm_resolved" + conflict;
    }

    /** The source keys (as text) of the joined rows a lookup of which found nothing. */
    String unresolved(String joined) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < markers(); i++) {
            keys.add(PG.quote("dm_source_key_" + i));
        }
        return "SELECT " + String.join(", ", keys) + " FROM " + joined + " WHERE NOT dm_resolved";
    }

    /** What a joined write does with a row whose key the target has: the mapping's policy ({@code FAIL} adds nothing). */
    String conflictClause() {
        return PG.onConflict(mapping.pinned().spec().onConflict(), mapping.conflictKey(), mapping.updatedColumns());
    }

    /**
     * The source columns the mapping reads, of the rows with these keys (each as text, in key order; the tuple id of a
     * table without a key), as parameters added to {@code binds} (PostgreSQL).
     */
    String sourceSelectByKeys(List<List<String>> keys, List<String> binds) {
        List<String> key = mapping.pinned().source().primaryKey();
        List<String> columns = key.isEmpty() ? List.of("ctid") : key;
        List<String> types = key.isEmpty() ? List.of("tid") : nativeTypes(key);
        List<String> tuples = new ArrayList<>();
        for (List<String> k : keys) {
            if (k.size() != columns.size()) {
                throw new IllegalArgumentException("a key of the wrong width");
            }
            List<String> one = new ArrayList<>();
            for (int i = 0; i < k.size(); i++) {
                binds.add(k.get(i));
                one.add(PG.parameter(types.get(i)));
            }
            tuples.add(one.size() == 1 ? one.get(0) : "(" + String.join(", ", one) + ")");
        }
        String left = columns.size() == 1 ? (key.isEmpty() ? "ctid" : PG.quote(columns.get(0))) : "(" + PG.columns(columns) + ")";
        return "SELECT " + PG.columns(mapping.readColumns()) + " FROM " + mapping.sourceTable() + " WHERE " + left + " IN ("
                + String.join(", ", tuples) + ")";
    }

    /** The SELECT of the source columns the mapping reads, with the range as parameters (any source engine). */
    String sourceSelect(KeyRange range, List<String> binds) {
        return "SELECT " + mapping.sourceDialect().columns(mapping.readColumns()) + " FROM " + mapping.sourceTable() + " WHERE "
                + rangeParameters(range, binds);
    }

    /** The organization as a typed literal of the tenant column, for statements without parameters (COPY). */
    String tenantLiteral() {
        return "CAST(" + mapping.tenant().organizationLiteral() + " AS " + mapping.tenantColumn().type() + ")";
    }

    /** {@code COPY table (written columns) FROM STDIN} with a writer's options. */
    String copyIn(String table, String options) {
        return PG.copyIn(table, mapping.writtenColumns(), options);
    }

    /** The mapped SELECT as binary COPY out. */
    String copyOut(KeyRange range) {
        return PG.copyOut(mappedSelect(range));
    }

    /** A staging table with the written columns' types and no constraints, dropped at commit. */
    String createStaging(String name) {
        return PG.createStaging(name, mapping.targetTable(), mapping.writtenColumns(),
                mapping.writtenColumns().stream().map(c -> mapping.pinned().target().column(c).type()).toList());
    }

    /**
     * Staged rows merged by the tenant column and the mapping's key as its conflict policy says ({@code UPSERT} or
     * {@code SKIP}): only a row of the same organization is ever updated or skipped.
     */
    String mergeFromStaging(String staging) {
        OnConflict policy = mapping.pinned().spec().onConflict() == OnConflict.UPSERT ? OnConflict.UPSERT : OnConflict.SKIP;
        return PG.insertFromStaging(mapping.targetTable(), staging, mapping.writtenColumns(),
                PG.onConflict(policy, mapping.conflictKey(), mapping.updatedColumns()));
    }

    /** One row's write, each value cast to its column's type, with the mapping's conflict policy. */
    RowInsert rowInsert() {
        List<String> columns = mapping.writtenColumns();
        return new RowInsert(mapping.pinned().target().schema(), mapping.pinned().target().name(), columns,
                columns.stream().map(c -> mapping.pinned().target().column(c).type()).toList(), mapping.pinned().spec().onConflict(),
                mapping.conflictKey(), mapping.updatedColumns());
    }

    /**
     * The target rows this transaction ({@code xid}) wrote for the chunk, in the written columns' order, as binary COPY:
     * the range of the target's key (which carries the source's over), of this organization.
     */
    String readBack(KeyRange range, long xid) {
        List<String> parts = new ArrayList<>();
        if (range instanceof KeyRange.KeyBounds k) {
            parts.add(PG.integralKeyRange(mapping.pinned().spec().key(), k.lower(), k.upper()));
        } else if (!(range instanceof KeyRange.Whole)) {
            throw new IllegalArgumentException("a page range cannot be read back by key");
        }
        parts.add(PG.writtenBy(xid));
        if (mapping.tenant().scoped()) {
            parts.add(PG.quote(mapping.tenant().column()) + " = " + tenantLiteral());
        }
        return PG.copyOut("SELECT " + PG.columns(mapping.writtenColumns()) + " FROM " + mapping.targetTable() + " WHERE "
                + String.join(" AND ", parts));
    }

    /** Staged rows against the target's rows of the same organization and key: counts and hashes of each side. */
    String reconcile(String staging) {
        return PG.reconcile(staging, mapping.targetTable(), mapping.conflictKey(), mapping.targetColumns());
    }
}
