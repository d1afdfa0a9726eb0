package com.platform.datamigration.mapping.mappings;

import com.platform.datamigration.contracts.DatabaseType;
import com.platform.datamigration.mapping.expression.Expression;
import com.platform.datamigration.mapping.expression.ExpressionException;
import com.platform.datamigration.mapping.expression.Lookups;
import com.platform.datamigration.mapping.expression.Secrets;
import com.platform.datamigration.mapping.expression.Type;
import com.platform.datamigration.mapping.target.TargetCatalog;
import com.platform.datamigration.runtime.pushdown.Pushdown;
import com.platform.datamigration.runtime.target.TargetTable;
import com.platform.datamigration.support.catalog.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a mapping against the source table of the latest snapshot and the target catalog. Errors block a save;
 * warnings (possible truncation, lossy conversions) are reported and do not. A valid mapping also says how a run would
 * load it ({@link Pushdown}): which fields run in the source's SQL, and why the others do not.
 */
public final class MappingValidator {

    private MappingValidator() {
    }

    /**
     * The outcome.
     *
     * @param pushdown how a run would load the mapping, field by field; null when it has errors (it never runs) or the
     *                 source's engine or the target's column types could not be told
     */
    public record Result(List<Issue> errors, List<Issue> warnings, Pushdown pushdown) {

        public Result(List<Issue> errors, List<Issue> warnings) {
            this(errors, warnings, null);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * What telling how the mapping loads needs beyond what validating it does.
     *
     * @param sourceType    the source connection's engine, or empty when it could not be told
     * @param target        the target table as a run describes it, or empty when it could not be told
     * @param lookupTargets the mappings {@code lookup(…)} may name
     */
    public record Loading(Optional<DatabaseType> sourceType, Optional<TargetTable> target, Map<String, Lookups.Target> lookupTargets) {

        static final Loading UNKNOWN = new Loading(Optional.empty(), Optional.empty(), Map.of());
    }

    public static Result validate(MappingSpec spec, Optional<TableInfo> source, Optional<TargetCatalog.TargetTable> target) {
        return validate(spec, source, target, Lookups.NONE, Loading.UNKNOWN);
    }

    /** With the mappings {@code lookup(…)} may name, and how the mapping would load where {@code loading} tells it. */
    public static Result validate(MappingSpec spec, Optional<TableInfo> source, Optional<TargetCatalog.TargetTable> target,
            Lookups lookups, Loading loading) {
        return validate(spec, source, target, lookups, loading, Secrets.NONE);
    }

    /** With the organization's secrets too ({@code hmac_sha256}'s key), which a mapping using them needs to be valid. */
    public static Result validate(MappingSpec spec, Optional<TableInfo> source, Optional<TargetCatalog.TargetTable> target,
            Lookups lookups, Loading loading, Secrets secrets) {
        List<Issue> errors = new ArrayList<>();
        List<Issue> warnings = new ArrayList<>();
        if (source.isEmpty()) {
            errors.add(new Issue("source.table", "SOURCE_NOT_FOUND",
                    "No table " + spec.source().schema() + "." + spec.source().table() + " in the connection's latest catalog snapshot."));
        }
        if (target.isEmpty()) {
            errors.add(new Issue("target.table", "TARGET_NOT_FOUND",
                    "No target table " + spec.target().schema() + "." + spec.target().table() + "."));
        }
        if (!errors.isEmpty()) {
            return new Result(errors, warnings);
        }
        Map<String, Type> sourceTypes = new HashMap<>();
        Map<String, TableInfo.ColumnInfo> sourceColumns = new HashMap<>();
        source.get().columns().forEach(c -> {
            sourceTypes.put(c.name(), Type.ofNormalized(c.normalizedType()));
            sourceColumns.put(c.name(), c);
        });
        Map<String, TargetCatalog.TargetField> targetFields = new HashMap<>();
        target.get().fields().forEach(f -> targetFields.put(f.name(), f));

        Set<String> mapped = new HashSet<>();
        Map<String, Expression> compiled = new LinkedHashMap<>();
        FieldPaths paths = FieldPaths.of(spec.fields(), targetFields.keySet());
        for (int i = 0; i < spec.fields().size(); i++) {
            MappingSpec.Field field = spec.fields().get(i);
            String path = paths.of(i);
            TargetCatalog.TargetField targetField = targetFields.get(field.target());
            if (field.target() != null && field.target().equals(target.get().tenantColumn())) {
                errors.add(tenantField(path + ".target", field.target()));
                continue;
            }
            if (targetField == null) {
                errors.add(new Issue(path + ".target", "UNKNOWN_TARGET_FIELD", "The target table has no field " + field.target() + "."));
                continue;
            }
            if (!mapped.add(field.target())) {
                errors.add(new Issue(path + ".target", "DUPLICATE_TARGET_FIELD", field.target() + " is mapped more than once: by "
                        + FieldPaths.index(paths.first(field.target())) + " and by " + FieldPaths.index(i) + "."));
            }
            if (targetField.generated()) {
                errors.add(new Issue(path + ".target", "GENERATED_TARGET_FIELD", field.target() + " is filled by the database."));
            }
            try {
                Expression expression = Expression.compile(field.expression(), sourceTypes, lookups, secrets);
                compiled.putIfAbsent(field.target(), expression);
                typeCheck(path, expression, targetField, sourceColumns, errors, warnings);
            } catch (ExpressionException e) {
                errors.add(new Issue(path + ".expression", e.code(), e.getMessage()));
            }
        }
        for (TargetCatalog.TargetField f : target.get().fields()) {
            if (f.required() && !mapped.contains(f.name())) {
                errors.add(new Issue("fields", "REQUIRED_FIELD_MISSING", "The target field " + f.name()
                        + " is required (not null, no default) but not mapped."));
            }
        }
        checkKey(spec, target.get(), mapped, errors);
        checkSpanningConstraints(target.get(), mapped, warnings);
        Expression filter = null;
        if (spec.filter() != null && !spec.filter().isBlank()) {
            try {
                filter = Expression.compile(spec.filter(), sourceTypes, Lookups.NONE, secrets);
                Type type = filter.type();
                if (type != Type.BOOLEAN && type != Type.NULL) {
                    errors.add(new Issue("filter", "INVALID_TYPE", "The filter must be a condition, not " + type + "."));
                }
            } catch (ExpressionException e) {
                errors.add(new Issue("filter", e.code(), e.getMessage()));
            }
        }
        Pushdown pushdown = null;
        if (errors.isEmpty() && loading.sourceType().isPresent() && loading.target().isPresent()) {
            pushdown = Pushdown.decide(loading.sourceType().get(), compiled, filter, loading.target().get(), target.get().tenantColumn(),
                    loading.lookupTargets());
        }
        return new Result(errors, warnings, pushdown);
    }

    private static void checkKey(MappingSpec spec, TargetCatalog.TargetTable target, Set<String> mapped, List<Issue> errors) {
        for (int i = 0; i < spec.key().size(); i++) {
            if (spec.key().get(i).equals(target.tenantColumn())) {
                errors.add(tenantField("key[" + i + "]", spec.key().get(i)));
            } else if (!mapped.contains(spec.key().get(i))) {
                errors.add(new Issue("key[" + i + "]", "KEY_NOT_MAPPED", spec.key().get(i) + " is part of the key but not mapped."));
            }
        }
        if (!target.isKey(spec.key())) {
            errors.add(new Issue("key", "KEY_NOT_UNIQUE", target.tenantColumn() == null
                    ? "The key " + spec.key() + " is neither the primary key nor a unique constraint of the target, so writes could "
                    + "not be idempotent."
                    : "The key " + spec.key() + " with " + target.tenantColumn() + " is neither the primary key nor a unique "
                    + "constraint of the target, so writes could not be idempotent within the organization; keys are " + target.keys()
                    + "."));
        }
    }

    /**
     * A unique constraint of a shared table without the tenant column compares the mapping's values with every
     * organization's rows: a value another organization holds is refused, though nothing else of that row shows.
     */
    private static void checkSpanningConstraints(TargetCatalog.TargetTable target, Set<String> mapped, List<Issue> warnings) {
        if (target.tenantColumn() == null) {
            return;
        }
        List<List<String>> constraints = new ArrayList<>();
        constraints.add(target.primaryKey());
        target.uniqueConstraints().forEach(u -> constraints.add(u.columns()));
        for (List<String> columns : constraints) {
            if (!columns.isEmpty() && !columns.contains(target.tenantColumn()) && columns.stream().anyMatch(mapped::contains)) {
                warnings.add(new Issue("target.table", "CONSTRAINT_SPANS_ORGANIZATIONS", "The unique constraint on " + columns
                        + " does not include " + target.tenantColumn() + ": a value another organization already holds will be "
                        + "refused."));
            }
        }
    }

    /** The tenant column is set by the platform to the writing organization, never by a mapping. */
    private static Issue tenantField(String path, String name) {
        return new Issue(path, "TENANT_FIELD_NOT_MAPPABLE", name + " holds the owning organization; the platform sets it on "
                + "every row, a mapping cannot.");
    }

    private static void typeCheck(String path, Expression expression, TargetCatalog.TargetField target,
            Map<String, TableInfo.ColumnInfo> sourceColumns, List<Issue> errors, List<Issue> warnings) {
        Type from = expression.type();
        Type to = Type.ofNormalized(target.normalizedType());
        String field = path + ".expression";
        if (from == Type.ARRAY) {
            if (!"text[]".equals(target.type())) {
                errors.add(new Issue(field, "INCOMPATIBLE_TYPE", "The expression gives an array of text, which only a text[] column "
                        + "takes, but " + target.name() + " is " + target.type() + " (array_join(…) makes it text)."));
            }
            return;
        }
        if (from == Type.NULL || to == Type.OTHER || from == to) {
            if (to == Type.STRING && target.length() != null) {
                Integer sourceLength = plainColumnLength(expression, sourceColumns);
                if (sourceLength == null || sourceLength > target.length()) {
                    warnings.add(new Issue(field, "POSSIBLE_TRUNCATION", "Values longer than " + target.length()
                            + " characters will not fit " + target.name() + "."));
                }
            }
            return;
        }
        if (from == Type.OTHER) {
            warnings.add(new Issue(field, "UNCHECKED_TYPE", "The source type cannot be checked against " + to + "."));
            return;
        }
        if (to == Type.STRING) {
            warnings.add(new Issue(field, "CONVERTED_TO_TEXT", from + " values are written as text."));
            return;
        }
        if (from.numeric() && to.numeric()) {
            if (to == Type.INTEGER || from == Type.FLOAT && to == Type.DECIMAL) {
                warnings.add(new Issue(field, "LOSSY_CAST", from + " into " + to + " may round."));
            }
            return;
        }
        if (from == Type.TIMESTAMP && to == Type.TIMESTAMPTZ) {
            warnings.add(new Issue(field, "TIME_ZONE_ASSUMED", "A timestamp without time zone is read in the session's "
                    + "time zone; use utc(…) to say which."));
            return;
        }
        if (from == Type.DATE && to == Type.TIMESTAMP || from == Type.TIMESTAMP && to == Type.DATE) {
            warnings.add(new Issue(field, "LOSSY_CAST", from + " into " + to + "."));
            return;
        }
        errors.add(new Issue(field, "INCOMPATIBLE_TYPE", "The expression gives " + from + " but " + target.name() + " is " + to
                + " (" + target.type() + ")."));
    }

    private static Integer plainColumnLength(Expression expression, Map<String, TableInfo.ColumnInfo> sourceColumns) {
        if (expression.columns().size() == 1 && expression.text().trim().replace("\"", "").equals(expression.columns().iterator().next())) {
            TableInfo.ColumnInfo c = sourceColumns.get(expression.columns().iterator().next());
            return c == null ? null : c.length();
        }
        return null;
    }
}
