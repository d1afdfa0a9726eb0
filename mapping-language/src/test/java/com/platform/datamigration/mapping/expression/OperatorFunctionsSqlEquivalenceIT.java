package com.platform.datamigration.mapping.expression;

import static com.platform.datamigration.mapping.expression.ExpressionSqlEquivalenceIT.check;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: operators, rounding, conditionals, try and to_boolean give the same value in Java and on PostgreSQL, or
 * both refuse the input, and their guards are exact. Seeded, so a failure reproduces.
 */
class OperatorFunctionsSqlEquivalenceIT {

    @BeforeAll
    static void connect() throws SQLException {
        ExpressionSqlEquivalenceIT.connect();
    }

    static final long[] INTEGERS = {0, 1, -1, 2, -2, 3, 7, -7, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1,
        3037000499L, 3037000500L, -3037000500L, 2147483647L, 2147483648L, -2147483649L, 4611686018427387904L, -4611686018427387904L,
        9223372036854775L, 3652058, 3652059, -3652059, 1999, 2000};

    static String integer(Random r) {
        int pick = r.nextInt(10);
        return pick == 0 ? null : pick < 5 ? Long.toString(INTEGERS[r.nextInt(INTEGERS.length)])
                : Long.toString(pick < 8 ? r.nextInt(2001) - 1000 : r.nextLong() >> r.nextInt(64));
    }

    static final String[] DECIMALS = {"0", "0.000", "1", "-1", "0.5", "-0.5", "2.5", "-2.5", "1.005", "0.1", "3", "7.25", "0.7",
        "0.00000000000000000001", "99999999999999999999.99", "-99999999999999999999.99", "12345678901234567890123456789", "1.10",
        "9999.9999", "10000", "0.0001", "0.00009999", "123.456789", "-0.004999"};

    static String decimal(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 5) {
            return DECIMALS[r.nextInt(DECIMALS.length)];
        }
        BigInteger unscaled = new BigInteger(1 + r.nextInt(pick < 8 ? 40 : 100), r);
        return new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), r.nextInt(pick < 8 ? 6 : 30)).toPlainString();
    }

    static final double[] FLOATS = {0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 3.5, 0.1, 3.0, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e308, 1e300, 1e-300, 1e154, 1e-154, 1.3407807929942597e154,
        1.4916681462400413e-154, 1e290, 8.98846567431158e307, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-320,
        2.2250738585072014E-308, 4.9e-324, 1.7976931348623155e308, 6.703903964971299e153, 1e200, 1e-200};

    static String floating(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        double v = pick < 5 ? FLOATS[r.nextInt(FLOATS.length)] : pick < 7 ? (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20)
                : Double.longBitsToDouble(r.nextLong());
        return Double.toString(v);
    }

    static String date(Random r) {
        int pick = r.nextInt(10);
        if (pick == 0) {
            return null;
        }
        if (pick < 3) {
            String[] edges = {"0001-01-01", "0001-01-02", "9999-12-31", "9999-12-30", "2024-02-29", "2000-01-01", "1970-01-01", "0044-03-15"};
            return edges[r.nextInt(edges.length)];
        }
        return LocalDate.ofEpochDay(LocalDate.of(1, 1, 1).toEpochDay() + (long) r.nextInt(3652059)).toString();
    }

    static final String[] BOOLEANS = {"y", "Y", "n", "yes", "YES", "No", "t", "T", "f", "true", "TRUE", "False", "1", "0", "on", "ON",
        "off", "Off", " yes ", "\tno\n", " 1", "0 ", "", " ", "ye", "tr", "of", "o", "2", "-1", "yess", "nope", "oui", "\u00a0yes", "true\u000b",
        "İ", "K"};

    static String booleanText(Random r) {
        return r.nextInt(2) == 0 ? BOOLEANS[r.nextInt(BOOLEANS.length)] : ExpressionSqlEquivalenceIT.text(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"i + 1", "i - 1", "i + i", "i - i - i", "i * i", "i * 3", "i * -1", "i / 3", "i / -1", "i / (i % 7)", "i % 7",
        "i % -7", "i % (i / 3)", "-i", "abs(i)", "round(i)", "round(i, -2)", "round(i, -18)", "round(i, i)", "floor(i)", "ceil(i)",
        "i + 1.5", "i / 7.0", "i * 0.25", "i % 2.5", "1.0 / i", "to_boolean(i)", "if(i > 0, i, 0.5)", "nullif(i, 0)", "nullif(i, 1.0)",
        "try(i * i)", "try(i + 1) + 1", "case when i > 10 then i * i when i < 0 then -i else null end", "try(10 / i)"})
    void integers(String expression) throws SQLException {
        check(expression, "bigint", new Random(expression.hashCode()), OperatorFunctionsSqlEquivalenceIT::integer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"n + 1", "n - n", "n * n", "n * 3", "n / 3", "n / n", "1 / n", "n / 7.25", "n / 0.0001", "n % 3", "n % n",
        "n % 0.7", "-n", "abs(n)", "round(n)", "round(n, 2)", "round(n, -1)", "round(n, 5)", "floor(n)", "ceil(n)", "n + 0.001",
        "if(n > 0, n, 0)", "case when n > 1 then 1 when n < -1 then n else null end", "nullif(n, 0)", "try(1 / n)", "n * n / 3"})
    void decimals(String expression) throws SQLException {
        check(expression, "numeric", new Random(expression.hashCode()), OperatorFunctionsSqlEquivalenceIT::decimal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f + 1", "f + f", "f - f", "f - 0.5", "f * f", "f * 2", "f * 0.5", "f / 3", "f / f", "1 / f", "f / 0",
        "f / (f * f)", "f * f * f", "f + 1.5", "-f", "abs(f)", "round(f)", "floor(f)", "ceil(f)", "try(f * f)", "f * 1.5 / f", "if(f > 0, f, -f)", "nullif(f, 0)"})
    void floats(String expression) throws SQLException {
        check(expression, "double precision", new Random(expression.hashCode()), OperatorFunctionsSqlEquivalenceIT::floating);
    }

    @Test
    void decimalsConvertToFloatsOnlyWithinTheirRange() throws SQLException {
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal toInfinity = two.pow(1024).subtract(two.pow(970));
        BigDecimal toZero = BigDecimal.ONE.divide(two.pow(1075));
        BigDecimal[] values = {toInfinity, toInfinity.subtract(BigDecimal.ONE), toInfinity.negate(), new BigDecimal(Double.MAX_VALUE),
            toZero, toZero.add(toZero.movePointLeft(40)), toZero.subtract(toZero.movePointLeft(40)), toZero.negate(),
            new BigDecimal(Double.MIN_VALUE), BigDecimal.ZERO, new BigDecimal("0.000"), BigDecimal.ONE.movePointLeft(400),
            BigDecimal.ONE.movePointRight(400), new BigDecimal("123.456"), null};
        String from = " FROM (SELECT CAST(? AS numeric) AS x) t";
        String fits = OperatorFunctions.decimalToFloatFits("x") + from;
        List<String> mismatches = new ArrayList<>();
        for (BigDecimal v : values) {
            String input = v == null ? null : v.toPlainString();
            String java;
            try {
                java = v == null ? "null" : ExpressionSqlEquivalenceIT.canonical(OperatorFunctions.toDouble(v));
            } catch (ExpressionException e) {
                java = "ERROR";
            }
            String sql = ExpressionSqlEquivalenceIT.value("SELECT CAST(x AS double precision)" + from, input, Type.FLOAT);
            String held = ExpressionSqlEquivalenceIT.guard(fits, input);
            if (!java.equals(sql) || !held.equals(Boolean.toString(!sql.equals("ERROR")))) {
                mismatches.add((v == null ? "null" : v.toString()) + ": java " + java + ", sql " + sql + ", guard " + held);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"d + 1", "d - 1", "d + 3650000", "d - 3650000", "1 + d", "d - d", "d - d + 1", "d + 365 * 100", "try(d + 3000000)",
        "if(d - d = 0, d + 1, d - 1)"})
    void dates(String expression) throws SQLException {
        check(expression, "date", new Random(expression.hashCode()), OperatorFunctionsSqlEquivalenceIT::date);
    }

    @ParameterizedTest
    @ValueSource(strings = {"try(parse_date(s, 'MM/DD/YYYY'))", "coalesce(try(parse_date(s, 'MM/DD/YYYY')), try(parse_date(s, 'YYYY-MM-DD')))",
        "try(to_integer(s)) + 1", "if(s = '', null, to_integer(s))", "map(s, '' -> null, else s)", "nullif(s, '')", "nullif(trim(s), '')",
        "case when s = 'F' then 'female' when s = 'M' then 'male' else s end", "if(s is null, 'none', upper(s))",
        "case when to_integer(s) > 5 then 'big' else 'small' end", "try(to_integer(s) * to_integer(s))", "try(to_decimal(s, 5, 2)) / 3",
        "case s when 'F' then 1 when '12' then to_integer(s) * 2 else try(to_integer(s)) end", "try(try(to_integer(s)) * 1000000000000)",
        "if(try(to_integer(s)) is null, to_decimal(s, 12, 2), to_integer(s))", "to_integer(s) / to_integer(s)"})
    void text(String expression) throws SQLException {
        check(expression, "text", new Random(expression.hashCode()), ExpressionSqlEquivalenceIT::text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"to_boolean(s)", "try(to_boolean(s))", "if(to_boolean(s), 'on', 'off')", "to_boolean(s) and s is not null"})
    void booleans(String expression) throws SQLException {
        check(expression, "text", new Random(expression.hashCode()), OperatorFunctionsSqlEquivalenceIT::booleanText);
    }
}
