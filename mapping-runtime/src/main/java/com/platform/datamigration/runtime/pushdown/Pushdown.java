package com.platform.datamigration.runtime.pushdown;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.runtime.target.TargetTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run loads a mapping's rows, decided from the mapping alone: the one place that tells whether each field (and
 * the filter) runs inside the source's SQL, and so which path a chunk takes first. run-service chooses its load by it
 * and mapping-service reports it at validation, so a mapping that validates says how it will run.
 *
 * <ul>
 *   <li>{@link Path#COPY_BINARY}: a PostgreSQL source, every expression and the filter compiled to SQL, every target
 *       column (and the tenant column) of one of PostgreSQL's own types: rows are piped without touching one.</li>
 *   <li>{@link Path#COPY_BINARY_JOINED}: the same, but for fields that are a whole {@code lookup('m', key)} with a key
 *       in SQL, which one join per chunk translates in the target.</li>
 *   <li>{@link Path#DECODE}: anything else; every row is read, mapped in Java and written.</li>
 * </ul>
 *
 * <p>The run's own options may still turn pushdown off, and a chunk the target refuses a row of moves to a slower
 * path; neither is a property of the mapping.
 *
 * @param path    the path a chunk of the mapping takes first
 * @param reasons why the path is {@link Path#DECODE}: what forces it, each naming the field at fault where one is;
 *                empty otherwise
 * @param fields  each mapped target column, in the mapping's order, with whether it runs in the source's SQL
 * @param filter  the filter's, or null when the mapping has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Pushdown(Path path, List<Reason> reasons, Map<String, Field> fields, Field filter) {

    public Pushdown {
        reasons = List.copyOf(reasons);
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The load path a chunk of the mapping takes first. */
    public enum Path {
        COPY_BINARY, COPY_BINARY_JOINED, DECODE
    }

    /** How a field that pushes down is computed. */
    public enum How {
        /** Compiled into the source's {@code SELECT}. */
        SQL,
        /** A lookup whose key is compiled into the source's {@code SELECT} and translated by one join per chunk. */
        JOIN
    }

    /** Why a field, the filter or the whole mapping does not push down. */
    public enum Code {
        /** A MySQL or MariaDB source: rows are always decoded in Java. */
        SOURCE_NOT_POSTGRESQL,
        /** A lookup that is not the field's whole expression. */
        NESTED_LOOKUP,
        /** A field that is a whole lookup whose key itself cannot be compiled to SQL. */
        LOOKUP_KEY_NOT_SQL,
        /** A lookup of a mapping whose target is not known. */
        LOOKUP_TARGET_UNKNOWN,
        /** The target column's type is not one of PostgreSQL's own (a domain, an enum, a composite, an extension's). */
        TARGET_TYPE_NOT_BUILTIN,
        /** The tenant column's type is not one of PostgreSQL's own. */
        TENANT_TYPE_NOT_BUILTIN,
        /** A filter that looks rows up in the target. */
        FILTER_LOOKUP,
        /** A function that runs in Java only (it keeps a secret out of the source's SQL, say). */
        JAVA_ONLY_FUNCTION,
        /** The field compiles to SQL, but the mapping is decoded in Java for the reasons it lists. */
        MAPPING_DECODED
    }

    /**
     * One field's verdict.
     *
     * @param how     how it is computed where it pushes down; null otherwise
     * @param reason  why not where it does not; null otherwise
     * @param message the reason in words; null where it pushes down
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(boolean pushesDown, How how, Code reason, String message) {

        static Field pushed(How how) {
            return new Field(true, how, null, null);
        }

        static Field decoded(Code reason, String message) {
            return new Field(false, null, reason, message);
        }
    }

    /** What keeps the mapping on the decode path; {@code field} is the target column at fault, or null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reason(Code code, String field, String message) {
    }

    /**
     * Decides how a mapping loads.
     *
     * @param sourceType    the source's engine
     * @param expressions   the compiled expressions by target column, in the mapping's order
     * @param filter        the compiled filter, or null
     * @param target        the target table as the platform database describes it (its columns' types)
     * @param tenantColumn  the column the platform fills with the organization, or null on a single-tenant platform
     * @param lookupTargets what the mapping's lookups may name, by mapping name
     */
    public static Pushdown decide(DatabaseType sourceType, Map<String, Expression> expressions, Expression filter,
            TargetTable target, String tenantColumn, Map<String, Lookups.Target> lookupTargets) {
        List<Reason> reasons = new ArrayList<>();
        if (sourceType != DatabaseType.POSTGRESQL) {
            reasons.add(new Reason(Code.SOURCE_NOT_POSTGRESQL, null, "A " + sourceType + " source is read row by row and every field "
                    + "is mapped in Java: only a PostgreSQL source runs a mapping in its own SQL."));
        }
        Map<String, Field> own = new LinkedHashMap<>();
        boolean joined = false;
        for (Map.Entry<String, Expression> e : expressions.entrySet()) {
            Field field = field(e.getKey(), e.getValue(), target, lookupTargets);
            own.put(e.getKey(), field);
            if (!field.pushesDown()) {
                reasons.add(new Reason(field.reason(), e.getKey(), field.message()));
            }
            joined |= field.how() == How.JOIN;
        }
        Field filterField = null;
        if (filter != null) {
            filterField = filter.pushable() ? Field.pushed(How.SQL) : filter.javaOnly().isPresent()
                    ? Field.decoded(Code.JAVA_ONLY_FUNCTION, filter.javaOnly().get())
                    : Field.decoded(Code.FILTER_LOOKUP, "A filter that looks rows up in the target is evaluated in Java.");
            if (!filterField.pushesDown()) {
                reasons.add(new Reason(filterField.reason(), null, filterField.message()));
            }
        }
        if (tenantColumn != null) {
            TargetTable.TargetColumn column = target.column(tenantColumn);
            if (column == null || !column.builtin()) {
                reasons.add(new Reason(Code.TENANT_TYPE_NOT_BUILTIN, null, "The tenant column " + tenantColumn + " is of type "
                        + (column == null ? "unknown" : column.type()) + ", not one of PostgreSQL's own, which the source's SQL "
                        + "cannot write."));
            }
        }
        if (reasons.isEmpty()) {
            return new Pushdown(joined ? Path.COPY_BINARY_JOINED : Path.COPY_BINARY, reasons, own, filterField);
        }
        // Decoded: what would have pushed down alone does not, because the mapping's rows are mapped in Java.
        Map<String, Field> fields = new LinkedHashMap<>();
        own.forEach((name, f) -> fields.put(name, f.pushesDown() ? decodedWithMapping() : f));
        return new Pushdown(Path.DECODE, reasons, fields, filterField == null || !filterField.pushesDown() ? filterField
                : decodedWithMapping());
    }

    private static Field decodedWithMapping() {
        return Field.decoded(Code.MAPPING_DECODED, "It compiles to SQL, but the mapping's rows are mapped in Java for the "
                + "reasons it lists.");
    }

    private static Field field(String name, Expression expression, TargetTable target, Map<String, Lookups.Target> lookupTargets) {
        if (expression.javaOnly().isPresent()) {
            return Field.decoded(Code.JAVA_ONLY_FUNCTION, expression.javaOnly().get());
        }
        if (!expression.pushable()) {
            Optional<Expression.LookupCall> call = expression.lookupCall();
            if (call.isEmpty()) {
                return Field.decoded(Code.NESTED_LOOKUP, "A lookup inside another expression is resolved key by key in Java; "
                        + "make the lookup the field's whole expression (lookup('m', key)) to have it translated by a join.");
            }
            if (!call.get().key().pushable()) {
                return Field.decoded(Code.LOOKUP_KEY_NOT_SQL, "The lookup's key does not compile to SQL (it looks up another "
                        + "mapping itself), so it is resolved key by key in Java.");
            }
            if (lookupTargets == null || !lookupTargets.containsKey(call.get().mapping())) {
                return Field.decoded(Code.LOOKUP_TARGET_UNKNOWN, "The looked-up mapping '" + call.get().mapping()
                        + "' has no known target, so the lookup is resolved in Java.");
            }
        }
        TargetTable.TargetColumn column = target.column(name);
        if (column == null || !column.builtin()) {
            return Field.decoded(Code.TARGET_TYPE_NOT_BUILTIN, "The target column " + name + " is of type "
                    + (column == null ? "unknown" : column.type()) + ", not one of PostgreSQL's own, which the source's SQL cannot "
                    + "cast to; values are converted in Java.");
        }
        return Field.pushed(expression.pushable() ? How.SQL : How.JOIN);
    }
}
