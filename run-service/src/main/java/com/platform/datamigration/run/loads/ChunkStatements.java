package com.platform.datamigration.run.loads;

import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.runtime.target.RowInsert;
import com.platform.datamigration.runtime.value.NormalizedType;
import java.util.ArrayList;
import java.util.List;
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

    /** A mapped target column's value in PostgreSQL, before its cast to the column's type. */
    private String value(String target) {
        return mapping.expressions().get(target).toSql(this::sourceColumn);
    }

    private String filterSql() {
        return mapping.filter() == null ? null : "(" + mapping.filter().toSql(this::sourceColumn) + ") IS TRUE";
    }

    /** The SELECT of mapped values, cast to the target's types, then the organization, for one range (PostgreSQL). */
    String mappedSelect(KeyRange range) {
        String select = mapping.targetColumns().stream()
                .map(t -> PG.cast(value(t), mapping.pinned().target().column(t).type()))
                .collect(Collectors.joining(", ")) + (mapping.tenant().scoped() ? ", " + tenantLiteral() : "");
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
            var e = mapping.expressions().get(t);
            guards.add(e.guardSql(this::sourceColumn));
            var column = mapping.pinned().target().column(t);
            String v = "(" + value(t) + ")";
            if (column.notNull() && !e.neverNull(notNull)) {
                checks.add(v + " IS NOT NULL");
            }
            checks.add(TargetChecks.fits(v, e.type(), column.type()));
        }
        if (mapping.filter() != null) {
            guards.add(mapping.filter().guardSql(this::sourceColumn));
        }
        String g = TargetChecks.all(guards);
        String c = TargetChecks.all(checks);
        return g == null ? c : c == null ? g : "CASE WHEN " + g + " THEN " + c + " ELSE FALSE END";
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
        String select = mapping.targetColumns().stream()
                .map(t -> "CASE WHEN dm_row_ok THEN " + PG.cast(value(t), mapping.pinned().target().column(t).type()) + " END")
                .collect(Collectors.joining(", ")) + (mapping.tenant().scoped() ? ", " + tenantLiteral() : "")
                + markers.stream().map(m -> ", CASE WHEN dm_row_ok THEN NULL ELSE CAST(" + m + " AS text) END").collect(Collectors.joining());
        return "SELECT " + select + " FROM (" + inner + ") dm_rows";
    }

    /** The sifted SELECT as binary COPY out. */
    String siftedCopyOut(KeyRange range) {
        return PG.copyOut(siftedSelect(range));
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
