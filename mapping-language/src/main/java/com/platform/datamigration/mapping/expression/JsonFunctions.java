package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.FunctionDef.function;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON: values read out of a JSON document (a JSON column, or text holding JSON) by a path of object keys and array
 * indexes, as PostgreSQL's {@code jsonb} reads them.
 */
final class JsonFunctions {

    private JsonFunctions() {
    }

    private static final String PATH = " The path is literal keys and 0-based array indexes (a negative index counts from the end); "
            + "text that is not JSON is `INVALID_JSON`.";

    static List<FunctionDef> all() {
        return List.of(
                function("json_text").category("json")
                        .doc("json_text(doc, key_or_index, …)", "The value at the path as text: a string's text, a number as "
                                + "PostgreSQL writes it, `true`/`false`, an object or array as its JSON (`{\"a\": 1}`, keys in "
                                + "jsonb's order, a key given twice keeping its last value)." + PATH,
                                "json_text('{\"a\": {\"b\": [10, 20]}}', 'a', 'b', 1) → '20'")
                        .nulls("null when the document is null, nothing is at the path, or the value there is JSON null")
                        .neverNull(args -> false)
                        .check(a -> path(a, Type.STRING))
                        .evaluate(a -> {
                            Object v = at(a);
                            return v == null || v == Json.NULL ? null : v instanceof String s ? s : Json.write(v);
                        })
                        .sql(a -> "(" + jsonb(a) + " #>> " + path(a) + ")")
                        .guard(JsonFunctions::validGuard),
                function("json_number").category("json")
                        .doc("json_number(doc, key_or_index, …)", "The number at the path as a decimal, as PostgreSQL's numeric reads it (`1.50` keeps its scale, `1e3` is 1000); any "
                                + "other value there (a string, even of digits) is `UNPARSEABLE_NUMBER`." + PATH,
                                "json_number('{\"price\": 12.50}', 'price') → 12.50")
                        .nulls("null when the document is null, nothing is at the path, or the value there is JSON null")
                        .neverNull(args -> false)
                        .check(a -> path(a, Type.DECIMAL))
                        .evaluate(a -> {
                            Object v = at(a);
                            if (v == null || v == Json.NULL) {
                                return null;
                            }
                            if (!(v instanceof BigDecimal)) {
                                throw new ExpressionException("UNPARSEABLE_NUMBER", "json_number: the value at the path is not a number");
                            }
                            return v;
                        })
                        .sql(a -> typed(a, "number", "numeric"))
                        .trusted(a -> "CAST(" + jsonb(a) + " #>> " + path(a) + " AS numeric)")
                        .guard(a -> typeGuard(a, "number")),
                function("json_bool").category("json")
                        .doc("json_bool(doc, key_or_index, …)", "The `true` or `false` at the path; any other value there (a "
                                + "string `\"true\"` too) is `UNPARSEABLE_BOOLEAN`." + PATH, "json_bool('{\"ok\": [false, true]}', 'ok', -1) → true")
                        .nulls("null when the document is null, nothing is at the path, or the value there is JSON null")
                        .neverNull(args -> false)
                        .check(a -> path(a, Type.BOOLEAN))
                        .evaluate(a -> {
                            Object v = at(a);
                            if (v == null || v == Json.NULL) {
                                return null;
                            }
                            if (!(v instanceof Boolean)) {
                                throw new ExpressionException("UNPARSEABLE_BOOLEAN", "json_bool: the value at the path is not true or false");
                            }
                            return v;
                        })
                        .sql(a -> typed(a, "boolean", "boolean"))
                        .trusted(a -> "CAST(" + jsonb(a) + " #>> " + path(a) + " AS boolean)")
                        .guard(a -> typeGuard(a, "boolean")));
    }

    private static Type path(FunctionDef.CheckArgs a, Type result) {
        a.arity(1, 64);
        a.expectOneOf(0, Type.STRING, Type.JSON);
        for (int i = 1; i < a.size(); i++) {
            step(a.raw(i));
        }
        return result;
    }

    /** A path step as the text PostgreSQL's path takes: a literal key, or a literal whole number. */
    private static String step(Expr raw) {
        if (raw instanceof Expr.Literal l && l.value() instanceof String s) {
            return s;
        }
        if (raw instanceof Expr.Literal l && l.value() instanceof Long n) {
            return Long.toString(n);
        }
        throw Functions.invalid("a JSON path is literal keys (in quotes) and whole numbers (array indexes)");
    }

    private static Object at(FunctionDef.EvalArgs a) {
        List<String> path = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) {
            path.add(step(a.raw(i)));
        }
        return Json.at(Json.parse(a.get(0).toString()), path);
    }

    private static String jsonb(FunctionDef.SqlArgs a) {
        return "CAST(" + a.arg(0) + " AS jsonb)";
    }

    private static String path(FunctionDef.SqlArgs a) {
        List<String> steps = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) {
            steps.add("'" + step(a.raw(i)).replace("'", "''") + "'");
        }
        return "CAST(ARRAY[" + String.join(", ", steps) + "] AS text[])";
    }

    /** The value at the path when it is of {@code jsonType} (null when none or JSON null), else an error (22P02). */
    private static String typed(FunctionDef.SqlArgs a, String jsonType, String sqlType) {
        String v = jsonb(a) + " #> " + path(a);
        return "CASE WHEN " + v + " IS NULL OR jsonb_typeof(" + v + ") = 'null' THEN NULL WHEN jsonb_typeof(" + v + ") = '" + jsonType
                + "' THEN CAST(" + jsonb(a) + " #>> " + path(a) + " AS " + sqlType + ") ELSE CAST(jsonb_typeof(" + v + ") || ' is not a "
                + jsonType + "' AS " + sqlType + ") END";
    }

    // A jsonb value is valid JSON by its type: the check of its text is left out (PostgreSQL drops the branch of a CASE
    // whose condition folds to false, so a document of another type never reaches the cast there).
    private static String isJsonb(String doc) {
        return "pg_typeof(" + doc + ") = CAST('jsonb' AS regtype)";
    }

    private static String validGuard(FunctionDef.SqlArgs a) {
        return "CASE WHEN " + a.arg(0) + " IS NULL THEN TRUE WHEN " + isJsonb(a.arg(0)) + " THEN TRUE ELSE " + valid(a.arg(0)) + " END";
    }

    private static String typeGuard(FunctionDef.SqlArgs a, String jsonType) {
        // The document is read only once it is known valid: through the check's own result, so that PostgreSQL cannot
        // compute the cast of a constant document ahead (it folds constants in every branch of a CASE).
        return "CASE WHEN " + a.arg(0) + " IS NULL THEN TRUE WHEN " + isJsonb(a.arg(0)) + " THEN coalesce(jsonb_typeof(CAST(" + a.arg(0)
                + " AS jsonb) #> " + path(a) + ") IN ('null', '" + jsonType + "'), TRUE) ELSE " + valid(a.arg(0), doc -> "coalesce(jsonb_typeof(CAST("
                + doc + " AS jsonb) #> " + path(a) + ") IN ('null', '" + jsonType + "'), TRUE)") + " END";
    }

    // A JSON string as PostgreSQL's jsonb takes it: no raw control character, known escapes, no \u0000, surrogates in pairs.
    private static final String STRING = "\"([^\"\\\\\\x01-\\x1f]|\\\\[\"\\\\/bfnrt]|\\\\u(0[1-9a-fA-F][0-9a-fA-F]{2}|00[1-9a-fA-F][0-9a-fA-F]"
            + "|000[1-9a-fA-F]|[1-9a-cA-CeEfF][0-9a-fA-F]{3}|[dD][0-7][0-9a-fA-F]{2}|[dD][89abAB][0-9a-fA-F]{2}\\\\u[dD][c-fC-F][0-9a-fA-F]{2}))*\"";
    // Every character outside the strings belongs to a token JSON has.
    private static final String LEXICAL = "^([][{}:,0-9eE.+ \\t\\n\\r-]|true|false|null|" + STRING + ")*$";
    private static final String NUMBER = "-?(0|[1-9][0-9]*)(\\.([0-9]+))?([eE]([+-]?)0*([0-9]+))?";
    // An innermost object or array, its strings already S and its other scalars v.
    private static final String CONTAINER = "\\[([vS](,[vS])*)?\\]|\\{(S:[vS](,S:[vS])*)?\\}";

    /**
     * A condition, never failing, true exactly when {@code text} is JSON PostgreSQL's jsonb takes (PostgreSQL 15 has
     * no test of its own). The lexical check makes sure every character outside the strings belongs to a JSON token;
     * then strings become {@code S}, other scalars {@code v}, spaces go, and innermost objects and arrays are reduced
     * to {@code v} until one value is left (valid) or nothing reduces (not). Every number must fit {@code numeric}.
     */
    static String valid(String text) {
        return valid(text, null);
    }

    /**
     * Like {@link #valid(String)}, and then {@code then} of the document (as SQL) when it is valid: a condition that
     * reads it and is computed for valid documents only.
     */
    static String valid(String text, java.util.function.UnaryOperator<String> then) {
        String fits = "x.e IS NOT NULL AND x.e < 1073741823 AND x.e > -1073741823 AND greatest(0, coalesce(length(m[3]), 0) - x.e) <= 16383"
                + " AND ((m[1] || coalesce(m[3], '')) ~ '^0*$' OR CASE WHEN ltrim(m[1], '0') <> '' THEN length(ltrim(m[1], '0')) - 1"
                + " ELSE length(ltrim(m[3], '0')) - length(m[3]) - 1 END + x.e <= " + (4 * 32767 + 3) + ")";
        String numbersFit = "NOT EXISTS (SELECT 1 FROM regexp_matches(dm_t, '" + NUMBER + "', 'g') m, LATERAL (SELECT CASE WHEN "
                + "length(m[6]) > 10 THEN NULL ELSE CAST(coalesce(m[5], '') || coalesce(nullif(m[6], ''), '0') AS bigint) END AS e) x WHERE NOT coalesce("
                + fits + ", FALSE))";
        return "(WITH RECURSIVE dm_json(t) AS (SELECT regexp_replace(regexp_replace(dm_t, '" + NUMBER + "', 'v', 'g'), '[ \\t\\n\\r]+', '', 'g')"
                + " FROM (SELECT regexp_replace(regexp_replace(dm_raw, '" + STRING + "', 'S', 'g'), 'true|false|null', 'v', 'g') AS dm_t"
                + " FROM (SELECT CAST(" + text + " AS text) AS dm_raw) dm_r WHERE dm_raw ~ '" + LEXICAL + "') dm_s WHERE " + numbersFit
                + " UNION ALL SELECT regexp_replace(t, '" + CONTAINER + "', 'v', 'g') FROM dm_json WHERE t ~ '" + CONTAINER + "')"
                + (then == null ? " SELECT coalesce(bool_or(t ~ '^[vS]$'), FALSE) FROM dm_json)"
                : " SELECT CASE WHEN dm_ok THEN " + then.apply("CASE WHEN dm_ok THEN " + text + " END") + " ELSE FALSE END FROM"
                + " (SELECT coalesce(bool_or(t ~ '^[vS]$'), FALSE) AS dm_ok FROM dm_json) dm_valid)");
    }
}
