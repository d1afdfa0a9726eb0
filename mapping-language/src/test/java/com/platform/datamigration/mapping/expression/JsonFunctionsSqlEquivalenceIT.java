package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: JSON and array functions give in Java what their SQL forms give on PostgreSQL, over generated documents
 * (valid, nearly valid, and not JSON at all) and texts to split; their guards are exact.
 */
class JsonFunctionsSqlEquivalenceIT {

    @BeforeAll
    static void connect() throws SQLException {
        ExpressionSqlEquivalenceIT.connect();
        // A run reads documents from columns: keep the inputs parameters (a custom plan would make them constants, and
        // PostgreSQL computes a constant cast in any branch of a CASE ahead, even one the guard keeps it from).
        ExpressionSqlEquivalenceIT.guard("set_config('plan_cache_mode', 'force_generic_plan', false) IS NOT NULL FROM (SELECT CAST(? AS text)) t",
                null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json_text(s)", "json_text(s, 'a')", "json_text(s, 'a', 0)", "json_text(s, 'a', -1)", "json_text(s, 'a', ' 1')",
        "json_text(s, 'b', 'c')", "json_text(s, 0)", "json_text(s, 'é')", "json_number(s, 'a')", "json_number(s, 'n')", "json_number(s, 0)",
        "json_bool(s, 'b')", "json_bool(s, 'a', 1)", "coalesce(json_text(s, 'a'), 'none')", "to_decimal(json_text(s, 'n'), 12, 2)",
        "json_text(s, 'a') is null", "to_text(json_number(s, 'n'))"})
    void javaAndSqlAgreeOnDocumentsAsText(String expression) throws SQLException {
        assertThat(ExpressionSqlEquivalenceIT.mismatches(expression, "text", new Random(expression.hashCode()), JsonFunctionsSqlEquivalenceIT::document)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json_text(j, 'a')", "json_number(j, 'n')", "json_bool(j, 'b')", "json_text(j)"})
    void javaAndSqlAgreeOnJsonColumns(String expression) throws SQLException {
        assertThat(ExpressionSqlEquivalenceIT.mismatches(expression, "text", new Random(expression.hashCode()), JsonFunctionsSqlEquivalenceIT::document)).isEmpty();
    }

    /** A jsonb column always holds valid JSON: its guards skip the check of the text, and still hold exactly. */
    @ParameterizedTest
    @ValueSource(strings = {"json_text(j, 'a')", "json_number(j, 'n')", "json_bool(j, 'b')", "json_text(j)", "json_text(j, 'a', 0)",
        "json_number(j, 'a', 1)"})
    void javaAndSqlAgreeOnJsonbColumns(String expression) throws SQLException {
        assertThat(ExpressionSqlEquivalenceIT.mismatches(expression, "jsonb", new Random(expression.hashCode()), r -> {
            while (true) {
                String doc = document(r);
                try {
                    if (doc == null || Json.parse(doc) != null) {
                        return doc;
                    }
                } catch (ExpressionException e) {
                    // not JSON: a jsonb column cannot hold it
                }
            }
        })).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"split(s, ',')", "split(s, '')", "split(s, ', ')", "split(s, 'é')", "array_join(split(s, ','), '|')",
        "split(s, ',')[1]", "split(s, ',')[0]", "split(s, ',')[3]", "split(s, ',')[-1]", "split(s, ',')[9999999999]",
        "array_length(split(s, ','))", "coalesce(split(s, ','), split('x', ','))", "array_join(split(s, ','), '')",
        "split(array_join(split(s, ','), ';'), ';')[2]"})
    void javaAndSqlAgreeOnArrays(String expression) throws SQLException {
        assertThat(ExpressionSqlEquivalenceIT.mismatches(expression, "text", new Random(expression.hashCode()), JsonFunctionsSqlEquivalenceIT::listText)).isEmpty();
    }

    // Scalars JSON allows (some at the edges of numeric's range), then ones it does not.
    static final String[] GOOD = {"0", "-0", "-0.0", "1", "12.50", "1.50e1", "0.00e5", "1E+2", "1e-2", "-3.25E-3", "123456789012345678901234567890",
        "1e131071", "9.9e131071", "1e-16383", "0e-16383", "0e200000", "1e0000000000000000005", "0e1073741822", "true", "false", "null",
        "\"\"", "\"x\"", "\"12\"", "\"true\"", "\"é😀\"", "\"a\\\"b\"", "\"\\\\\"", "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\\u00e9\"",
        "\"\\u0041\\u00E9\"", "\"\\u0001\"", "\"\\ud83d\\ude00\"", "\"a\u007fb\"", "\"O'Brien\"", "\"S\"", "[]", "{}"};
    static final String[] BAD = {"1e131072", "1e-16384", "0e-16384", "0e1073741823", "1e-1073741823", "1e99999999999", "01", "1.", ".5", "-",
        "+1", "1e", "1e+", "NaN", "Infinity", "tru", "nul", "True", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800x\"",
        "\"\\ud800\\u0041\"", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"a\tb\"", "\"a\u0001b\"", "\"unclosed", "'single'", "S", "v",
        "[1,]", "{,}", "[,1]"};
    static final String[] KEYS = {"a", "b", "n", "c", "é", "z", "aa", "", "😀", "\uE000", "\uFFFF", "0", "1", "A", "S", "v"};
    static final String[] SPACES = {" ", "\n", "\t", "\r\n", "  "};
    static final String[] NOT_SPACES = {"\f", "\u00a0", "\u000b"};

    static String document(Random r) {
        if (r.nextInt(12) == 0) {
            return null;
        }
        int pick = r.nextInt(10);
        if (pick == 0) {
            return r.nextBoolean() ? GOOD[r.nextInt(GOOD.length)] : BAD[r.nextInt(BAD.length)];
        }
        if (pick == 1) {
            return ExpressionSqlEquivalenceIT.text(r);
        }
        if (pick < 4) {
            // The paths the expressions read, each with a scalar.
            return "{\"n\": " + scalar(r) + ", \"a\": [" + scalar(r) + ", " + scalar(r) + "], \"b\": " + scalar(r) + "}";
        }
        String doc = value(r, 0);
        if (r.nextInt(8) == 0 && !doc.isEmpty()) {
            // A nearly valid document: a character dropped, doubled or changed.
            int at = r.nextInt(doc.length());
            String[] edits = {"", doc.charAt(at) + "" + doc.charAt(at), ",", "\"", "]", "}", ":", " ", "\\"};
            doc = doc.substring(0, at) + edits[r.nextInt(edits.length)] + doc.substring(at + 1);
        }
        return space(r) + doc + space(r);
    }

    private static String space(Random r) {
        return r.nextInt(4) != 0 ? "" : r.nextInt(40) == 0 ? NOT_SPACES[r.nextInt(NOT_SPACES.length)] : SPACES[r.nextInt(SPACES.length)];
    }

    private static String value(Random r, int depth) {
        int pick = depth > 2 ? 9 : depth == 0 ? r.nextInt(7) : r.nextInt(10);
        if (pick < 4) {
            StringBuilder out = new StringBuilder("{");
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                String key = r.nextBoolean() ? "abn".charAt(r.nextInt(3)) + "" : KEYS[r.nextInt(KEYS.length)];
                out.append(i == 0 ? "" : ",").append(space(r)).append('"').append(key).append('"').append(space(r)).append(':').append(space(r))
                        .append(value(r, depth + 1)).append(space(r));
            }
            return out.append('}').toString();
        }
        if (pick < 7) {
            StringBuilder out = new StringBuilder("[");
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                out.append(i == 0 ? "" : ",").append(space(r)).append(value(r, depth + 1)).append(space(r));
            }
            return out.append(']').toString();
        }
        return scalar(r);
    }

    private static String scalar(Random r) {
        return r.nextInt(25) == 0 ? BAD[r.nextInt(BAD.length)] : GOOD[r.nextInt(GOOD.length)];
    }

    static String listText(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 3) {
            return ExpressionSqlEquivalenceIT.text(r);
        }
        String[] parts = {"", "a", "b", " ", "é", "😀", "x y", ", ", ",", "é,", "NULL", "null", "\"q\"", "{a}", "1"};
        StringBuilder out = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            out.append(parts[r.nextInt(parts.length)]);
        }
        return out.toString();
    }
}
