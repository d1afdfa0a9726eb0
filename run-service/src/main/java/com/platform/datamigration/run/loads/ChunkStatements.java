package com.platform.datamigration.run.loads;

import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.run.ledger.KeyRange;
import com.platform.datamigration.runtime.sql.PostgresDialect;
import com.platform.datamigration.runtime.target.RowInsert;
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

    /** The SELECT of mapped values, cast to the target's types, then the organization, for one range (PostgreSQL). */
    String mappedSelect(KeyRange range) {
        String select = mapping.targetColumns().stream()
                .map(t -> PG.cast(mapping.expressions().get(t).toSql(PG::quote), mapping.pinned().target().column(t).type()))
                .collect(Collectors.joining(", ")) + (mapping.tenant().scoped() ? ", " + tenantLiteral() : "");
        String where = rangeLiteral(range) + (mapping.filter() == null ? "" : " AND (" + mapping.filter().toSql(PG::quote) + ") IS TRUE");
        return "SELECT " + select + " FROM " + mapping.sourceTable() + " WHERE " + where;
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
        return PG.createStaging(name, mapping.targetTable(), mapping.writtenColumns());
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
