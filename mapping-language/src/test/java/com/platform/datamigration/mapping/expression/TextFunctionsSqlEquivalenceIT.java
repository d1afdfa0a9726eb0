package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.ExpressionSqlEquivalenceIT.check;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Property: the text functions give in Java what their compiled SQL gives on PostgreSQL, or both refuse the input. */
class TextFunctionsSqlEquivalenceIT {

    @BeforeAll
    static void connect() throws SQLException {
        ExpressionSqlEquivalenceIT.connect();
    }

    /** Text with what tells engines apart: case, accents, ß, CJK, emoji, newlines, $, backslashes, empty text. */
    static final String[] PIECES = {"", " ", "a", "A", "ab", "AB", "abc", "a-b-c", "--", "a--b", "x.y.z", "2nd-place", "o'brien",
        "hello wORLD", "straße", "STRASSE", "ss", "ß", "ẞ", "éclair", "ÉCLAIR", "Ǆemal", "ǅemal", "ǆ", "ſ", "K", "k", "İstanbul", "ı",
        "日本語abc", "中文", "😀", "x😀y", "a😀😀b", "line\nbreak", "ends with newline\n", "\n", "a\n", "tab\tbed", "dollar$", "$",
        "back\\slash", "\\1", "12", "007", "a1b22c333", "٣٤", "x_y", "  padded  ", "Ωmega", "ωμέγα", "ǈ", "e\u0301", "\u00a0", "\u2003"};

    static String text(Random r) {
        int pick = r.nextInt(12);
        if (pick == 0) {
            return null;
        }
        if (pick < 7) {
            return PIECES[r.nextInt(PIECES.length)];
        }
        if (pick < 9) {
            return PIECES[r.nextInt(PIECES.length)] + PIECES[r.nextInt(PIECES.length)];
        }
        String alphabet = "abAB1 -.\nßéÉ中😀$\\_";
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder s = new StringBuilder();
        int length = r.nextInt(14);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(cps[r.nextInt(cps.length)]);
        }
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s || '-'", "'#' || s", "s || s", "s || null", "concat(s, 1, '-', s)", "initcap(s)", "length(s)",
        "upper(initcap(s))", "strpos(s, 'a')", "strpos(s, '')", "strpos(s, 'ß')", "replace(s, 'a', 'XY')", "replace(s, '', 'x')",
        "replace(s, 'ß', '')", "replace(s, '-', s)", "split_part(s, '-', 1)", "split_part(s, '-', 2)", "split_part(s, '-', -1)",
        "split_part(s, '', 1)", "split_part(s, '', 2)", "split_part(s, '--', -2)", "left(s, 3)", "left(s, -2)", "left(s, 0)",
        "right(s, 2)", "right(s, -1)", "lpad(s, 5, 'xy')", "lpad(s, 3)", "rpad(s, 8)", "rpad(s, 4, '😀.')", "lpad(s, 3, '')",
        "rpad(s, 0, 'x')", "lpad(s, -3, 'x')", "to_text(s)",
        "matches(s, '^[a-z]+$')", "matches(s, '\\d')", "matches(s, 'ab', 'i')", "matches(s, 'ß', 'i')", "matches(s, 'ss', 'i')",
        "matches(s, 'é', 'i')", "matches(s, 'k', 'i')", "matches(s, 'ǅ', 'i')", "matches(s, '^.$')", "matches(s, 'e$')",
        "matches(s, '^a.b$')", "matches(s, '\\s')", "matches(s, '\\w')", "matches(s, '^\\W+$')", "matches(s, '[^a-z]')",
        "matches(s, '[a-z]', 'i')", "matches(s, '[^a-z]', 'i')", "matches(s, '\\$')", "matches(s, '\\\\')", "matches(s, '😀')",
        "regexp_replace(s, '[0-9]+', '#', 'g')", "regexp_replace(s, '\\s+', ' ', 'g')", "regexp_replace(s, '^(\\w)(\\w*)', '\\2\\1')",
        "regexp_replace(s, '.', '<\\&>', 'g')", "regexp_replace(s, 'A', '$1\\\\', 'gi')", "regexp_replace(s, 'e$', 'END')",
        "regexp_replace(s, '(?:ab|c)+', '-', 'g')", "regexp_replace(s, 'ß', 'ss', 'gi')", "regexp_replace(s, '[^a-z]', '', 'g')",
        "regexp_replace(s, '[a-z]+', '[\\&]')", "regexp_replace(s, '(b)|(a)', '<\\1|\\2>', 'g')", "regexp_replace(s, '\\n', ' ', 'g')",
"regexp_replace(s, '(.)x', '\\1\\1')",
        "regexp_extract(s, '[0-9]+')", "regexp_extract(s, '([a-z]+)([0-9]+)', 2)", "regexp_extract(s, '(.)$', 1)",
        "regexp_extract(s, 'é', 0, 'i')", "regexp_extract(s, '^(\\S+)\\s', 1)", "regexp_extract(s, '[^a-z]+')",
        "regexp_extract(s, 'ss', 0, 'i')", "regexp_extract(s, '\\w+', 0, 'i')", "regexp_extract(s, 'a(x)?b', 1)",
        "regexp_extract(s, '((?:a|b)+)', 1)", "regexp_extract(s, '^.{2,3}')", "regexp_extract(s, '[ab]{2}', 0, 'i')",
        "regexp_extract(s, '(?:😀)+')", "regexp_extract(s, '.*$')", "regexp_extract(s, '^.*')", "regexp_extract(s, 'b*')"})
    void javaAndSqlAgreeOnText(String expression) throws SQLException {
        check(expression, "text", new Random(expression.hashCode()), TextFunctionsSqlEquivalenceIT::text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"split_part('a-b-c-d', '-', i)", "left('ABCDEFG', i)", "right('ABCDEFG', i)", "lpad('ab', i, '*')",
        "rpad('ab', i)", "lpad('abcdef', i, '')", "to_text(i) || 'x'", "concat(i, null, i)"})
    void javaAndSqlAgreeOnIntegers(String expression) throws SQLException {
        long[] edges = {0, 1, -1, 2, -2, 3, 7, 8, -7, -8, 100, 999_999, 1_000_000, 1_000_001, 2_000_000, Integer.MAX_VALUE,
            Integer.MIN_VALUE, (long) Integer.MAX_VALUE + 1, (long) Integer.MIN_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE};
        check(expression, "bigint", new Random(expression.hashCode()), r -> r.nextInt(10) == 0 ? null
                : Long.toString(r.nextInt(3) == 0 ? edges[r.nextInt(edges.length)] : r.nextInt(30) - 15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"to_text(f)", "f || ''", "concat('x', f)"})
    void floatsAreWrittenAsPostgresqlWritesThem(String expression) throws SQLException {
        String[] special = {"NaN", "Infinity", "-Infinity", "0", "-0", "1e20", "1e-5", "1.5e-5", "5e-324", "4.9e-324",
            "1.7976931348623157e308", "0.1", "0.3", "123456789012345", "1234567890123456", "1e15", "1e14", "100", "-2.5", "1e-4",
            "0.0001234", "9007199254740993", "2e23", "8.41e21", "5e-310", "1e23", "3.0000000000000004"};
        check(expression, "double precision", new Random(expression.hashCode()), r -> {
            int pick = r.nextInt(10);
            if (pick == 0) {
                return null;
            }
            if (pick < 4) {
                return special[r.nextInt(special.length)];
            }
            if (pick < 7) {
                return Double.toString(Double.longBitsToDouble(r.nextLong()));
            }
            return Double.toString((r.nextInt(2000) - 1000) * Math.pow(10, r.nextInt(40) - 20));
        });
    }

    @Test
    void manyFloatsAreWrittenAsPostgresqlWritesThem() throws SQLException {
        for (int round = 0; round < 5; round++) {
            check("to_text(f)", "double precision", new Random(round), r -> Double.toString(r.nextInt(3) == 0
                    ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble() * Math.pow(10, r.nextInt(30) - 10)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"to_text(ts)", "ts || ''", "concat(ts, '!')"})
    void timestampsAreWrittenAsPostgresqlWritesThem(String expression) throws SQLException {
        check(expression, "timestamp", new Random(expression.hashCode()), r -> r.nextInt(8) == 0 ? null : timestamp(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"to_text(tz)", "tz || ''", "concat(tz)"})
    void timestampsWithTimeZoneAreWrittenInUtc(String expression) throws SQLException {
        String[] offsets = {"+00:00", "+02:00", "-05:30", "+14:00", "-12:00", "+05:45"};
        check(expression, "timestamptz", new Random(expression.hashCode()), r -> r.nextInt(8) == 0 ? null
                : timestamp(r) + offsets[r.nextInt(offsets.length)]);
    }

    private static String timestamp(Random r) {
        int[] nanos = {0, 0, 500_000_000, 123_450_000, 1000, 999_999_000, 10_000};
        LocalDateTime t = LocalDateTime.of(r.nextInt(4) == 0 ? 1 + r.nextInt(9999) : 1900 + r.nextInt(200), 1 + r.nextInt(12),
                1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), nanos[r.nextInt(nanos.length)]);
        return t.toString().replace('T', ' ');
    }

    @ParameterizedTest
    @ValueSource(strings = {"to_text(d)", "d || ''", "concat(d, '/', d)"})
    void datesAreWrittenAsPostgresqlWritesThem(String expression) throws SQLException {
        check(expression, "date", new Random(expression.hashCode()), r -> r.nextInt(8) == 0 ? null
                : LocalDateTime.of(1 + r.nextInt(9999), 1 + r.nextInt(12), 1 + r.nextInt(28), 0, 0).toLocalDate().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"to_text(b)", "b || ''", "concat(b, b)", "'x' || to_text(n)", "n || ''"})
    void booleansAndDecimals(String expression) throws SQLException {
        boolean decimal = expression.contains("n");
        check(expression, decimal ? "numeric" : "boolean", new Random(expression.hashCode()), r -> r.nextInt(6) == 0 ? null
                : decimal ? new String[] {"0", "12.50", "-0.001", "1e3", "123456789012345678901234567890.5"}[r.nextInt(5)]
                : Boolean.toString(r.nextBoolean()));
    }

    @Test
    void textGrowingBeyondTheLimitIsRefusedOnBothSides() throws SQLException {
        // Inputs long enough that a replacement would pass 1,000,000 characters, others just under it, and long inputs that
        // do not grow. A few inputs each (not the generated cases: each is a megabyte).
        String[] inputs = {null, "a".repeat(500_001), "a".repeat(499_999) + "bb", "a".repeat(1_200_000), "b".repeat(1_200_000), "ab"};
        List<String> mismatches = new ArrayList<>();
        for (String expression : new String[] {"replace(s, 'a', 'aa')", "regexp_replace(s, 'a', 'aa', 'g')", "regexp_replace(s, 'a+', 'bb')",
            "regexp_replace(s, '(a)', '\\1\\1', 'g')", "replace(s, 'b', '')"}) {
            Expression e = Expression.compile(expression, ExpressionSqlEquivalenceIT.COLUMNS);
            String from = " FROM (SELECT CAST(? AS text) AS \"s\") t";
            for (String input : inputs) {
                String inJava;
                try {
                    inJava = ExpressionSqlEquivalenceIT.canonical(e.evaluate(java.util.Collections.singletonMap("s", input)));
                } catch (ExpressionException ex) {
                    inJava = "ERROR";
                }
                inJava = inJava.length() > 40 ? "String of " + inJava.length() : inJava;
                String sql = ExpressionSqlEquivalenceIT.value("SELECT " + e.toSql(ExpressionTest::quote) + from, input, e.type());
                sql = sql.length() > 40 ? "String of " + sql.length() : sql;
                String guard = ExpressionSqlEquivalenceIT.guard(e.guardSql(ExpressionTest::quote) + from, input);
                String what = expression + " on " + (input == null ? "null" : input.length() + " characters") + ": ";
                if (!inJava.equals(sql)) {
                    mismatches.add(what + "java " + inJava + ", sql " + sql);
                }
                if (!guard.equals(sql.equals("ERROR") ? "false" : "true")) {
                    mismatches.add(what + "guard " + guard + ", sql " + sql);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /**
     * Random patterns over a small alphabet: whatever the subset accepts, Java and PostgreSQL match alike (where a match
     * starts and ends, and what each group takes).
     */
    @Test
    void acceptedRandomPatternsMatchAlikeOnBothSides() throws SQLException {
        Random r = new Random(42);
        String[] atoms = {"a", "b", "A", ".", "[ab]", "[^a]", "\\d", "\\w", "\\s", "é", "ß", "1", "[a-c]", "\\W", "[b-d1]"};
        String[] quantifiers = {"", "", "", "*", "+", "?", "{2}", "{1,3}", "{2,}"};
        int accepted = 0;
        List<String> tried = new ArrayList<>();
        while (accepted < 30 && tried.size() < 5000) {
            StringBuilder p = new StringBuilder(r.nextInt(5) == 0 ? "^" : "");
            int items = 1 + r.nextInt(4);
            for (int i = 0; i < items; i++) {
                int kind = r.nextInt(6);
                String atom;
                if (kind == 0) {
                    atom = "(" + atoms[r.nextInt(atoms.length)] + quantifiers[r.nextInt(quantifiers.length)] + ")";
                } else if (kind == 1) {
                    atom = "(?:" + atoms[r.nextInt(atoms.length)] + "|" + atoms[r.nextInt(atoms.length)] + atoms[r.nextInt(atoms.length)] + ")"
                            + quantifiers[r.nextInt(quantifiers.length)];
                } else {
                    atom = atoms[r.nextInt(atoms.length)] + quantifiers[r.nextInt(quantifiers.length)];
                }
                p.append(atom);
            }
            if (r.nextInt(5) == 0) {
                p.append('$');
            }
            String pattern = p.toString();
            tried.add(pattern);
            boolean ignoreCase = r.nextInt(4) == 0;
            RegexSubset.Compiled c;
            try {
                c = RegexSubset.compile(pattern, ignoreCase);
            } catch (ExpressionException e) {
                continue;
            }
            accepted++;
            String literal = pattern.replace("'", "''");
            String flags = ignoreCase ? ", 'i'" : "";
            for (int g = 0; g <= c.groups(); g++) {
                check("regexp_extract(s, '" + literal + "', " + g + flags + ")", "text", new Random(pattern.hashCode() + g), TextFunctionsSqlEquivalenceIT::small);
            }
            if (!c.matchesEmpty()) {
                check("regexp_replace(s, '" + literal + "', '<\\&>', 'g" + (ignoreCase ? "i" : "") + "')", "text", new Random(pattern.hashCode()),
                        TextFunctionsSqlEquivalenceIT::small);
            }
        }
        assertThat(accepted).as("patterns accepted of " + tried.size()).isGreaterThanOrEqualTo(30);
    }

    /** Short texts over the random patterns' alphabet. */
    static String small(Random r) {
        if (r.nextInt(15) == 0) {
            return null;
        }
        int[] cps = "abAB1 \néÉßẞcd_".codePoints().toArray();
        StringBuilder s = new StringBuilder();
        int length = r.nextInt(9);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(cps[r.nextInt(cps.length)]);
        }
        return s.toString();
    }
}
