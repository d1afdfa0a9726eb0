package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextFunctionsTest {

    private static final Map<String, Type> COLUMNS = Map.of("s", Type.STRING, "i", Type.INTEGER, "f", Type.FLOAT, "ts", Type.TIMESTAMP,
            "tz", Type.TIMESTAMPTZ, "d", Type.DATE, "b", Type.BOOLEAN, "u", Type.UUID, "j", Type.JSON, "n", Type.DECIMAL);

    private static Object eval(String expression, String column, Object value) {
        Map<String, Object> row = new HashMap<>();
        row.put(column, value);
        return Expression.compile(expression, COLUMNS).evaluate(row);
    }

    private static Object eval(String expression) {
        return Expression.compile(expression, COLUMNS).evaluate(new HashMap<>());
    }

    private static String compileCode(String expression) {
        return Outcomes.code(() -> Expression.compile(expression, COLUMNS));
    }

    @Test
    void concatenationOperatorIsNullWhenEitherIs() {
        assertThat(eval("s || '-'", "s", "a")).isEqualTo("a-");
        assertThat(eval("s || '-'", "s", null)).isNull();
        assertThat(eval("'P-' || i", "i", 42L)).isEqualTo("P-42");
        assertThat(eval("b || ''", "b", true)).isEqualTo("true");
        assertThat(eval("concat(s, '-', i)", "i", 7L)).isEqualTo("-7");
        assertThat(compileCode("j || 'x'")).isEqualTo("INVALID_TYPE");
        assertThat(compileCode("concat(j)")).isEqualTo("INVALID_TYPE");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1e20|1e+20", "0.1|0.1", "1.5e-5|1.5e-05", "123456789012345|123456789012345",
        "1234567890123456|1.234567890123456e+15", "1e15|1e+15", "1e14|100000000000000", "0.0001|0.0001", "0.00001|1e-05",
        "-2.5|-2.5", "5e-324|5e-324", "1.7976931348623157e308|1.7976931348623157e+308", "1e23|9.999999999999999e+22",
        "2e23|1.9999999999999998e+23", "8.41e21|8.409999999999999e+21", "100|100", "NaN|NaN", "Infinity|Infinity",
        "-Infinity|-Infinity", "-0.0|-0", "0|0", "3.0000000000000004|3.0000000000000004"})
    void floatsAreWrittenAsPostgresqlWritesThem(String value, String text) {
        assertThat(eval("to_text(f)", "f", Double.parseDouble(value))).isEqualTo(text);
    }

    @Test
    void timesAreWrittenAsPostgresqlWritesThemInUtc() {
        assertThat(eval("to_text(ts)", "ts", LocalDateTime.of(2024, 1, 31, 8, 30, 0, 500_000_000))).isEqualTo("2024-01-31 08:30:00.5");
        assertThat(eval("to_text(ts)", "ts", LocalDateTime.of(2024, 1, 31, 8, 30))).isEqualTo("2024-01-31 08:30:00");
        assertThat(eval("to_text(ts)", "ts", LocalDateTime.of(-43, 3, 15, 10, 0, 1, 500_000_000))).isEqualTo("0044-03-15 10:00:01.5 BC");
        assertThat(eval("to_text(ts)", "ts", LocalDateTime.of(12345, 1, 1, 0, 0))).isEqualTo("12345-01-01 00:00:00");
        assertThat(eval("to_text(ts)", "ts", LocalDateTime.MAX)).isEqualTo("infinity");
        assertThat(eval("to_text(tz)", "tz", OffsetDateTime.of(2024, 1, 1, 2, 0, 0, 123_450_000, ZoneOffset.ofHours(2))))
                .isEqualTo("2024-01-01 00:00:00.12345+00");
        assertThat(eval("to_text(tz)", "tz", OffsetDateTime.of(-43, 3, 15, 10, 0, 1, 500_000_000, ZoneOffset.UTC)))
                .isEqualTo("0044-03-15 10:00:01.5+00 BC");
        assertThat(eval("to_text(tz)", "tz", OffsetDateTime.MIN)).isEqualTo("-infinity");
        assertThat(eval("to_text(d)", "d", LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
        assertThat(eval("to_text(d)", "d", LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
        assertThat(eval("to_text(u)", "u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(eval("to_text(n)", "n", new BigDecimal("12.50"))).isEqualTo("12.50");
    }

    @Test
    void textFunctionsFollowPostgresql() {
        assertThat(eval("replace('abc', '', 'x')")).isEqualTo("abc");
        assertThat(eval("replace('a-b', '-', '')")).isEqualTo("ab");
        assertThat(eval("split_part('a,b,c', ',', -1)")).isEqualTo("c");
        assertThat(eval("split_part('a,b,c', ',', -4)")).isEqualTo("");
        assertThat(eval("split_part('a,b,c', ',', 4)")).isEqualTo("");
        assertThat(eval("split_part('', ',', 1)")).isEqualTo("");
        assertThat(eval("split_part('abc', '', -1)")).isEqualTo("abc");
        assertThat(eval("split_part('abc', '', 2)")).isEqualTo("");
        assertThat(eval("left('abcde', -2)")).isEqualTo("abc");
        assertThat(eval("left('abcde', -9)")).isEqualTo("");
        assertThat(eval("right('abcde', -2)")).isEqualTo("cde");
        assertThat(eval("right('a😀b', 2)")).isEqualTo("😀b");
        assertThat(eval("lpad('abc', 5, 'xy')")).isEqualTo("xyabc");
        assertThat(eval("lpad('abcdef', 3, 'xy')")).isEqualTo("abc");
        assertThat(eval("rpad('abcdef', 3)")).isEqualTo("abc");
        assertThat(eval("lpad('abc', 5, '')")).isEqualTo("abc");
        assertThat(eval("rpad('abc', 6, 'xy')")).isEqualTo("abcxyx");
        assertThat(eval("lpad('abc', -1, 'x')")).isEqualTo("");
        assertThat(eval("lpad('ab', 4, '😀')")).isEqualTo("😀😀ab");
        assertThat(eval("length('a😀')")).isEqualTo(2L);
        assertThat(eval("strpos('a😀b', 'b')")).isEqualTo(3L);
        assertThat(eval("strpos('abc', 'x')")).isEqualTo(0L);
        assertThat(eval("strpos('', '')")).isEqualTo(1L);
        assertThat(eval("initcap('hello wORLD 2nd-place o''brien ßtraße éclair ǆemal 日本語abc x😀y a_b')"))
                .isEqualTo("Hello World 2nd-Place O'Brien ßtraße Éclair Ǆemal 日本語abc X😀Y A_B");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThat(Outcomes.code(() -> eval("split_part('a', ',', 0)"))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(eval("split_part(s, ',', 0)", "s", null)).isNull();
        assertThat(compileCode("lpad('a', 1000001, 'x')")).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Outcomes.code(() -> eval("lpad('a', i, 'x')", "i", 1_000_001L))).isEqualTo("TEXT_TOO_LONG");
        assertThat(eval("lpad('a', i, 'x')", "i", 1_000_000L)).asString().hasSize(1_000_000);
        assertThat(Outcomes.code(() -> eval("replace(s, 'a', 'aaa')", "s", "a".repeat(400_000)))).isEqualTo("TEXT_TOO_LONG");
        assertThat(eval("replace(s, 'a', 'b')", "s", "a".repeat(1_200_000))).asString().hasSize(1_200_000);
        assertThat(compileCode("left(s, 's')")).isEqualTo("INVALID_TYPE");
        assertThat(compileCode("length(i)")).isEqualTo("INVALID_TYPE");
        assertThat(compileCode("replace(s, 'a')")).isEqualTo("INVALID_ARGUMENTS");
    }

    @Test
    void regularExpressions() {
        assertThat(eval("regexp_replace('a1b22c', '[0-9]+', '#', 'g')")).isEqualTo("a#b#c");
        assertThat(eval("regexp_replace('a1b22c', '[0-9]+', '#')")).isEqualTo("a#b22c");
        assertThat(eval("regexp_replace('John Smith', '^(\\w+) (\\w+)$', '\\2, \\1')")).isEqualTo("Smith, John");
        assertThat(eval("regexp_replace('price 5', '\\d', '$\\&\\\\')")).isEqualTo("price $5\\");
        assertThat(eval("regexp_replace('AbA', 'a', '-', 'gi')")).isEqualTo("-b-");
        assertThat(eval("regexp_replace('a\nb', '.', 'x', 'g')")).isEqualTo("xxx");
        assertThat(eval("regexp_extract('order 66-B', '([0-9]+)-([A-Z])', 2)")).isEqualTo("B");
        assertThat(eval("regexp_extract('order 66-B', '[0-9]+')")).isEqualTo("66");
        assertThat(eval("regexp_extract('none', '[0-9]+')")).isNull();
        assertThat(eval("regexp_extract('ab', 'a(x)?b', 1)")).isNull();
        assertThat(eval("regexp_extract('ÉCLAIR', 'é', 0, 'i')")).isEqualTo("É");
        assertThat(eval("matches('AB-12', '^[A-Z]+-\\d+$')")).isEqualTo(true);
        assertThat(eval("matches('ab\n', 'b$')")).isEqualTo(false);
        assertThat(eval("matches(s, 'x')", "s", null)).isNull();
        assertThat(eval("regexp_extract(s, 'x')", "s", null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " :: ", quoteCharacter = '"', value = {
        "regexp_replace(s, s, 'x') :: INVALID_ARGUMENTS",
        "regexp_replace(s, 'a', s) :: INVALID_ARGUMENTS",
        "regexp_replace(s, 'a*', 'x') :: INVALID_ARGUMENTS",
        "regexp_replace(s, '(a)', '\\2') :: INVALID_ARGUMENTS",
        "regexp_replace(s, '(a)', '\\0') :: INVALID_ARGUMENTS",
        "regexp_replace(s, 'a', 'x\\') :: INVALID_ARGUMENTS",
        "regexp_replace(s, 'a', 'x', 'n') :: INVALID_ARGUMENTS",
        "regexp_replace(s, 'a', 'x', 'gg') :: INVALID_ARGUMENTS",
        "regexp_replace(s, '\\bx', 'y') :: INVALID_ARGUMENTS",
        "regexp_replace(i, 'a', 'x') :: INVALID_TYPE",
        "regexp_extract(s, '(a)', 2) :: INVALID_ARGUMENTS",
        "regexp_extract(s, 'a', -1) :: INVALID_ARGUMENTS",
        "regexp_extract(s, 'a', 0, 'g') :: INVALID_ARGUMENTS",
        "regexp_extract(s, 'a*a') :: INVALID_ARGUMENTS",
        "matches(s, '(?=a)') :: INVALID_ARGUMENTS",
        "matches(s, 'a', 'g') :: INVALID_ARGUMENTS",
        "matches(s) :: INVALID_ARGUMENTS"})
    void regularExpressionsOutsideTheSubsetAreRefusedAtCheckTime(String expression, String expected) {
        assertThat(compileCode(expression)).isEqualTo(expected);
    }

    @Test
    void sqlFormsWriteTheValuesAsJavaDoes() {
        assertThat(Expression.compile("to_text(f)", COLUMNS).toSql(ExpressionTest::quote))
                .isEqualTo("CAST(CAST(\"f\" AS double precision) AS text)");
        assertThat(Expression.compile("s || i", COLUMNS).toSql(ExpressionTest::quote)).isEqualTo("(\"s\" || CAST(\"i\" AS text))");
        assertThat(Expression.compile("regexp_extract(s, '\\d+')", COLUMNS).toSql(ExpressionTest::quote))
                .isEqualTo("(regexp_match(\"s\", '([\\U00000030-\\U00000039]+)'))[1]");
        assertThat(Expression.compile("regexp_extract(s, 'x')", COLUMNS).neverNull(java.util.Set.of("s"))).isFalse();
    }
}
