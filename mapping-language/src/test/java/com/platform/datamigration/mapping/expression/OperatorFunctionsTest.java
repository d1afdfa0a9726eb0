package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Operators, rounding, conditionals and booleans: their types, values and errors. */
class OperatorFunctionsTest {

    private static final Map<String, Type> COLUMNS = Map.of("s", Type.STRING, "i", Type.INTEGER, "n", Type.DECIMAL, "f", Type.FLOAT,
            "d", Type.DATE, "b", Type.BOOLEAN);

    private static Object eval(String expression, String column, Object value) {
        Map<String, Object> row = new HashMap<>();
        row.put(column, value);
        return Expression.compile(expression, COLUMNS).evaluate(row);
    }

    private static Object eval(String expression) {
        return Expression.compile(expression, COLUMNS).evaluate(Map.of());
    }

    private static Type type(String expression) {
        return Expression.compile(expression, COLUMNS).type();
    }

    @Test
    void integersStayIntegersAndOverflowIsAnError() {
        assertThat(eval("2 + 3 * 4")).isEqualTo(14L);
        assertThat(eval("-7 / 2")).isEqualTo(-3L);
        assertThat(eval("-7 % 3")).isEqualTo(-1L);
        assertThat(eval("7 % -3")).isEqualTo(1L);
        assertThat(eval("-i", "i", 5L)).isEqualTo(-5L);
        assertThat(eval("i + 1", "i", null)).isNull();
        assertThat(Outcomes.code(() -> eval("i + 1", "i", Long.MAX_VALUE))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(Outcomes.code(() -> eval("i * 2", "i", Long.MIN_VALUE))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(Outcomes.code(() -> eval("i / -1", "i", Long.MIN_VALUE))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(eval("i % -1", "i", Long.MIN_VALUE)).isEqualTo(0L);
        assertThat(Outcomes.code(() -> eval("-i", "i", Long.MIN_VALUE))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(Outcomes.code(() -> eval("i / 0", "i", 1L))).isEqualTo("DIVISION_BY_ZERO");
        assertThat(Outcomes.code(() -> eval("i % 0", "i", 1L))).isEqualTo("DIVISION_BY_ZERO");
        assertThat(type("i + 1")).isEqualTo(Type.INTEGER);
    }

    @ParameterizedTest
    @CsvSource({"1 / 3.0,0.33333333333333333333", "1.0 / 3,0.33333333333333333333", "10 / 4.0,2.5000000000000000",
        "2 / 3.000,0.66666666666666666667", "123456789 / 0.001,123456789000.00000000", "1 / 12345.0,0.000081004455245038477116",
        "0 / 7.0,0.00000000000000000000", "-2 / 3.0,-0.66666666666666666667", "5.5 % 2,1.5", "-5.5 % 2,-1.5", "1.20 + 1,2.20",
        "1.5 * 1.25,1.875"})
    void decimalsComputeAsPostgresqlNumeric(String expression, String expected) {
        assertThat(((BigDecimal) eval(expression)).toPlainString()).isEqualTo(expected);
        assertThat(type(expression)).isEqualTo(Type.DECIMAL);
    }

    @Test
    void floatsOverflowAndUnderflowAsPostgresql() {
        assertThat(eval("f + 1", "f", 0.5)).isEqualTo(1.5);
        assertThat(type("f * 2")).isEqualTo(Type.FLOAT);
        assertThat(Outcomes.code(() -> eval("f * 10", "f", Double.MAX_VALUE))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(Outcomes.code(() -> eval("f * f", "f", 1e-200))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(Outcomes.code(() -> eval("f / 0", "f", 1.0))).isEqualTo("DIVISION_BY_ZERO");
        assertThat(eval("f / 0", "f", Double.NaN)).isEqualTo(Double.NaN);
        assertThat(eval("f + 1", "f", Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Outcomes.code(() -> Expression.compile("f % 2", COLUMNS))).isEqualTo("INVALID_TYPE");
        // A decimal constant beyond the float range is refused when the expression is compiled, as PostgreSQL plans it.
        assertThat(Outcomes.code(() -> Expression.compile("f + 1" + "0".repeat(400) + ".0", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Outcomes.code(() -> Expression.compile("f * 0." + "0".repeat(400) + "1", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
    }

    @Test
    void datesMoveByDaysWithinYearsOneTo9999() {
        assertThat(eval("d + 1", "d", LocalDate.of(2024, 2, 28))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval("1 + d", "d", LocalDate.of(2024, 2, 28))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval("d - 365", "d", LocalDate.of(2024, 1, 1))).isEqualTo(LocalDate.of(2023, 1, 1));
        assertThat(eval("d - d", "d", LocalDate.of(2024, 1, 1))).isEqualTo(0L);
        assertThat(type("d - d")).isEqualTo(Type.INTEGER);
        assertThat(type("d + 1")).isEqualTo(Type.DATE);
        assertThat(Outcomes.code(() -> eval("d + 1", "d", LocalDate.of(9999, 12, 31)))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(Outcomes.code(() -> eval("d - 1", "d", LocalDate.of(1, 1, 1)))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(Outcomes.code(() -> Expression.compile("1 - d", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("d * 2", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("s + 1", COLUMNS))).isEqualTo("INVALID_TYPE");
    }

    @Test
    void roundingFollowsPostgresql() {
        assertThat(((BigDecimal) eval("round(2.5)")).toPlainString()).isEqualTo("3");
        assertThat(((BigDecimal) eval("round(-2.5)")).toPlainString()).isEqualTo("-3");
        assertThat(((BigDecimal) eval("round(1.2, 3)")).toPlainString()).isEqualTo("1.200");
        assertThat(((BigDecimal) eval("round(1250.5, -2)")).toPlainString()).isEqualTo("1300");
        assertThat(eval("round(f)", "f", 2.5)).isEqualTo(2.0);
        assertThat(eval("round(f)", "f", 3.5)).isEqualTo(4.0);
        assertThat(eval("round(i, -1)", "i", 15L)).isEqualTo(20L);
        assertThat(Outcomes.code(() -> eval("round(i, -1)", "i", Long.MAX_VALUE))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(Outcomes.code(() -> Expression.compile("round(f, 2)", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("round(s)", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(((BigDecimal) eval("floor(-2.5)")).toPlainString()).isEqualTo("-3");
        assertThat(((BigDecimal) eval("ceil(-2.5)")).toPlainString()).isEqualTo("-2");
        assertThat(eval("abs(i)", "i", -3L)).isEqualTo(3L);
        assertThat(Outcomes.code(() -> eval("abs(i)", "i", Long.MIN_VALUE))).isEqualTo("NUMBER_OVERFLOW");
    }

    @Test
    void conditionalsComputeOnlyTheChosenValue() {
        assertThat(eval("if(s = '', null, to_integer(s))", "s", "")).isNull();
        assertThat(eval("if(s = '', null, to_integer(s))", "s", "12")).isEqualTo(12L);
        assertThat(eval("if(s = 'x', 1, 2)", "s", null)).isEqualTo(2L);
        assertThat(type("if(b, 1, 2.5)")).isEqualTo(Type.DECIMAL);
        assertThat(eval("if(b, 1, 2.5)", "b", true)).isEqualTo(BigDecimal.ONE);
        assertThat(eval("case when s = 'a' then 'A' when s = 'b' then 'B' end", "s", "b")).isEqualTo("B");
        assertThat(eval("case when s = 'a' then 'A' when s = 'b' then 'B' end", "s", "c")).isNull();
        assertThat(eval("case s when 'a' then 1 else to_integer(s) end", "s", "a")).isEqualTo(1L);
        assertThat(Outcomes.code(() -> Expression.compile("if(s, 1, 2)", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("if(b, 1, 'x')", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("if(b, 1)", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(eval("nullif(s, 'n/a')", "s", "n/a")).isNull();
        assertThat(eval("nullif(s, 'n/a')", "s", "x")).isEqualTo("x");
        assertThat(eval("nullif(i, 1.0)", "i", 1L)).isNull();
        assertThat(Outcomes.code(() -> Expression.compile("nullif(s, 1)", COLUMNS))).isEqualTo("INVALID_TYPE");
    }

    @Test
    void tryGivesNullWhereTheValueFails() {
        assertThat(eval("try(to_integer(s))", "s", "x")).isNull();
        assertThat(eval("try(to_integer(s)) + 1", "s", "41")).isEqualTo(42L);
        assertThat(eval("coalesce(try(parse_date(s, 'MM/DD/YYYY')), try(parse_date(s, 'YYYY-MM-DD')))", "s", "2024-02-29"))
                .isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(type("try(to_integer(s))")).isEqualTo(Type.INTEGER);
        assertThat(Expression.compile("try(to_integer(s))", COLUMNS).guardSql(ExpressionTest::quote)).isNull();
    }

    @Test
    void aMapWithNullValuesTakesItsTypeFromTheOthers() {
        assertThat(type("map(s, '' -> null, else s)")).isEqualTo(Type.STRING);
        assertThat(eval("map(s, '' -> null, else s)", "s", "")).isNull();
        assertThat(eval("map(s, '' -> null, else s)", "s", "a")).isEqualTo("a");
        assertThat(Outcomes.code(() -> Expression.compile("map(s, '' -> null, else 1)", COLUMNS))).isEqualTo("no error");
        assertThat(Outcomes.code(() -> Expression.compile("map(s, '' -> 'x', else 1)", COLUMNS))).isEqualTo("INVALID_TYPE");
    }

    @ParameterizedTest
    @CsvSource({"y,true", "YES,true", " t ,true", "True,true", "1,true", "on,true", "N,false", "no,false", "f,false", "FALSE,false",
        "0,false", "Off,false"})
    void booleansFromTheirUsualSpellings(String text, boolean expected) {
        assertThat(eval("to_boolean(s)", "s", text)).isEqualTo(expected);
    }

    @Test
    void otherBooleanSpellingsAreErrors() {
        for (String bad : new String[] {"", "  ", "yess", "2", "tr", "oui", "nein"}) {
            assertThat(Outcomes.code(() -> eval("to_boolean(s)", "s", bad))).as(bad).isEqualTo("UNPARSEABLE_BOOLEAN");
        }
        assertThat(eval("to_boolean(i)", "i", 1L)).isEqualTo(true);
        assertThat(eval("to_boolean(i)", "i", 0L)).isEqualTo(false);
        assertThat(Outcomes.code(() -> eval("to_boolean(i)", "i", 2L))).isEqualTo("UNPARSEABLE_BOOLEAN");
        assertThat(eval("to_boolean(b)", "b", true)).isEqualTo(true);
        assertThat(eval("to_boolean(s)", "s", null)).isNull();
        assertThat(Outcomes.code(() -> Expression.compile("to_boolean(d)", COLUMNS))).isEqualTo("INVALID_TYPE");
    }
}
