package com.platform.datamigration.runtime.sql;

import com.platform.datamigration.contracts.MappingSaved.OnConflict;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.Lookups;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL, as a source and as the target: double-quoted identifiers, typed parameters and literals, tuple-id
 * ranges for tables without a key, and the target's statements (COPY, staging, inserts and merges with their conflict
 * policy, lookups, reconciliation). Statements that take no parameters ({@code COPY}) get their values as literals
 * that this class checks and escapes.
 */
public final class PostgresDialect implements SqlDialect {

    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private static final Pattern TID = Pattern.compile("\\(\\d{1,10},\\d{1,5}\\)");

    private PostgresDialect() {
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String parameter(String nativeType) {
        return "CAST(? AS " + nativeType + ")";
    }

    /** Every type's text form casts back to the same value: bounds travel as text, typed again by a cast. */
    @Override
    public String keyText(String column, String nativeType) {
        return quote(column) + "::text";
    }

    @Override
    public Optional<String> expressionText(Expression e) {
        return e.pushable() ? Optional.of("CAST((" + e.toSql(this::quote) + ") AS text)") : Optional.empty();
    }

    @Override
    public String textLength(String column) {
        return "length(" + quote(column) + "::text)";
    }

    /** A value as a literal of a native type; a value holding a NUL character is refused. */
    public String literal(String value, String nativeType) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a key value holds a NUL character");
        }
        return "CAST('" + value.replace("'", "''") + "' AS " + nativeType + ")";
    }

    /** A key-range predicate with the bounds inlined as typed literals, for statements without parameters. */
    public String keyRangeLiterals(List<String> columns, List<String> nativeTypes, List<String> lower, List<String> upper) {
        return keyRange(columns, lower, upper, (i, v) -> literal(v, nativeTypes.get(i)));
    }

    /** A key-range predicate on whole numbers, inlined; a bound that is not a whole number is refused. */
    public String integralKeyRange(List<String> columns, List<String> lower, List<String> upper) {
        return keyRange(columns, lower, upper, (i, v) -> Long.toString(Long.parseLong(v)));
    }

    /** A range of physical positions ({@code ctid}), for a table without a key; bounds must be tuple ids. */
    public String tupleIdRange(List<String> lower, List<String> upper) {
        return keyRange(List.of("ctid"), lower, upper, (i, v) -> {
            if (!TID.matcher(v).matches()) {
                throw new IllegalArgumentException("not a tuple id range");
            }
            return "'" + v + "'::tid";
        });
    }

    /**
     * {@code CAST((expression) AS type)}, where the length limit of a {@code varchar(n)} or {@code varbit(n)} is left to
     * the column: an explicit cast would cut a longer value silently, the column refuses it. ({@code char(n)} keeps its
     * limit: its padding is part of the value the target holds; a value longer than the column is held back by the
     * guard of a sifted pipe, which checks every length.)
     */
    public String cast(String expressionSql, String type) {
        return "CAST((" + expressionSql + ") AS " + unlimited(type) + ")";
    }

    private static final Pattern LIMITED = Pattern.compile("(character varying|bit varying)\\(\\d+\\)(\\[\\])?");

    /**
     * The type without a length limit that a cast would enforce by cutting ({@code character varying(12)} becomes
     * {@code character varying}, {@code bit varying(8)} {@code bit varying}, as {@code format_type} spells them); other
     * types unchanged. Casting to it never cuts a value; writing into the column still checks the length.
     */
    public static String unlimited(String type) {
        if (type == null) {
            return null;
        }
        Matcher m = LIMITED.matcher(type);
        return m.matches() ? m.group(1) + (m.group(2) == null ? "" : "[]") : type;
    }

    /** A query's rows streamed out in binary. */
    public String copyOut(String select) {
        return "COPY (" + select + ") TO STDOUT (FORMAT binary)";
    }

    /** Rows streamed into {@code table} (already qualified and quoted); {@code options} as a CopyWriter names them. */
    public String copyIn(String table, List<String> columns, String options) {
        return "COPY " + table + " (" + columns(columns) + ") FROM STDIN" + options;
    }

    /** A temporary table with the columns' types and no constraints, dropped when the transaction commits. */
    public String createStaging(String staging, String table, List<String> columns) {
        return "CREATE TEMP TABLE " + staging + " ON COMMIT DROP AS SELECT " + columns(columns) + " FROM " + table + " WITH NO DATA";
    }

    /**
     * Like {@link #createStaging(String, String, List)}, each column of its type ({@code types}, as {@code format_type}
     * spells them) without a length limit: a staged value too long for its column is refused when it reaches the
     * column, not when it is staged.
     */
    public String createStaging(String staging, String table, List<String> columns, List<String> types) {
        List<String> select = new java.util.ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            select.add("CAST(" + quote(columns.get(i)) + " AS " + unlimited(types.get(i)) + ") AS " + quote(columns.get(i)));
        }
        return "CREATE TEMP TABLE " + staging + " ON COMMIT DROP AS SELECT " + String.join(", ", select) + " FROM " + table
                + " WITH NO DATA";
    }

    /**
     * What a write does with a row whose conflict key exists: {@code UPSERT} updates {@code updated} (or does nothing
     * when there is none to update), {@code SKIP} does nothing, {@code FAIL} adds no clause, so the target refuses it.
     */
    public String onConflict(OnConflict policy, List<String> conflictKey, List<String> updated) {
        String target = " ON CONFLICT (" + columns(conflictKey) + ") ";
        return switch (policy) {
            case UPSERT -> target + (updated.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + updated.stream()
                    .map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", ")));
            case SKIP -> target + "DO NOTHING";
            case FAIL -> "";
        };
    }

    /**
     * An insert of one row, each parameter cast to its column's type ({@code types}, one per column; a null type leaves
     * the parameter untyped, so the server takes the column's own), followed by {@code conflict}.
     */
    public String insert(String table, List<String> columns, List<String> types, String conflict) {
        return "INSERT INTO " + table + " (" + columns(columns) + ") VALUES ("
                + types.stream().map(t -> t == null ? "?" : parameter(unlimited(t))).collect(Collectors.joining(", ")) + ")" + conflict;
    }

    /** Staged rows into {@code table}, with {@code conflict}. */
    public String insertFromStaging(String table, String staging, List<String> columns, String conflict) {
        return "INSERT INTO " + table + " (" + columns(columns) + ") SELECT " + columns(columns) + " FROM " + staging + conflict;
    }

    /**
     * The primary key of the row of a lookup's table whose key field equals the parameter, among the rows whose
     * {@code tenantColumn} equals the second parameter (untyped: the server takes the column's own type) unless null.
     */
    public String lookup(Lookups.Target target, String tenantColumn) {
        return "SELECT " + quote(target.primaryKey()) + " FROM " + table(target.schema(), target.table()) + " WHERE "
                + quote(target.keyField()) + " = " + parameter(target.keyType())
                + (tenantColumn == null ? "" : " AND " + quote(tenantColumn) + " = ?");
    }

    /** The current transaction's id as {@code xmin} of the rows it writes shows it. */
    public String currentTransaction() {
        return "SELECT txid_current() % 4294967296";
    }

    /** {@code xmin = <transaction>}: rows written by that transaction. */
    public String writtenBy(long transaction) {
        return "xmin = CAST('" + transaction + "' AS xid)";
    }

    /**
     * Staged rows against the target rows with the same {@code key}: the staged count, the matched count and an
     * order-independent hash of the {@code compared} columns on each side.
     */
    public String reconcile(String staging, String table, List<String> key, List<String> compared) {
        String on = key.stream().map(k -> "t." + quote(k) + " = r." + quote(k)).collect(Collectors.joining(" AND "));
        String r = compared.stream().map(c -> "r." + quote(c)).collect(Collectors.joining(", "));
        String t = compared.stream().map(c -> "t." + quote(c)).collect(Collectors.joining(", "));
        return "SELECT (SELECT count(*) FROM " + staging + "), count(t.*), coalesce(sum(hashtextextended(ROW(" + r
                + ")::text, 0)), 0), coalesce(sum(hashtextextended(ROW(" + t + ")::text, 0)), 0) FROM " + staging + " r JOIN "
                + table + " t ON " + on;
    }
}
