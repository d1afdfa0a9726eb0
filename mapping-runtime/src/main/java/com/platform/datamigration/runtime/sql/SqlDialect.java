package com.platform.datamigration.runtime.sql;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.mapping.expression.Expression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The SQL an engine is read with: quoting, qualified names, key-range predicates and the text functions a preview's
 * sample needs. Every statement the runtime sends a source is built here from quoted identifiers, so no caller
 * concatenates an identifier or chooses by engine. The target (always PostgreSQL) has its statements in
 * {@link PostgresDialect} as well.
 */
public interface SqlDialect {

    /** The dialect of an engine. */
    static SqlDialect of(DatabaseType type) {
        return switch (type) {
            case POSTGRESQL -> PostgresDialect.INSTANCE;
            case MYSQL, MARIADB -> MySqlDialect.INSTANCE;
        };
    }

    /** An identifier that came from a catalog, quoted so that any name (quotes, spaces, keywords) stands for itself. */
    String quote(String identifier);

    /** {@code schema.table}, each quoted. */
    default String table(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** Quoted identifiers joined by {@code ", "}. */
    default String columns(List<String> names) {
        return names.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    /** A parameter of the given native type in a key-range predicate. */
    String parameter(String nativeType);

    /**
     * A mapping expression computed by this engine over a source row, as text; empty where the engine cannot compute it
     * (the mapping language compiles to PostgreSQL alone, and a lookup reads the target).
     */
    default Optional<String> expressionText(Expression e) {
        return Optional.empty();
    }

    /**
     * A key column's value as the text a key-range bound is kept as: {@link #parameter} (and, on PostgreSQL, a literal)
     * of the column's native type reads that text back as a value that compares with the column's values exactly as
     * the original does, in the column's own order.
     */
    String keyText(String column, String nativeType);

    /** The length in characters of a column's value as text, to find a sample's longest values. */
    String textLength(String column);

    /**
     * {@code (columns) >= (lower) AND (columns) < (upper)}, each bound's values written by
     * {@code value(index, boundValue)}; a null bound is left out, and with both left out the result is empty.
     */
    default String keyRange(List<String> columns, List<String> lower, List<String> upper, BiFunction<Integer, String, String> value) {
        String tuple = "(" + columns(columns) + ")";
        List<String> parts = new ArrayList<>();
        for (List<String> bound : Arrays.asList(lower, upper)) {
            if (bound == null) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(value.apply(i, bound.get(i)));
            }
            parts.add(tuple + (bound == lower ? " >= (" : " < (") + String.join(", ", values) + ")");
        }
        return String.join(" AND ", parts);
    }

    /**
     * A key-range predicate with one parameter per bound value, typed by {@code nativeTypes} (one per key column); the
     * bound values to bind are added to {@code binds} in order.
     */
    default String keyRangeParameters(List<String> columns, List<String> nativeTypes, List<String> lower, List<String> upper,
            List<String> binds) {
        return keyRange(columns, lower, upper, (i, v) -> {
            binds.add(v);
            return parameter(nativeTypes.get(i));
        });
    }
}
