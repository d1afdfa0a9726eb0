package com.platform.datamigration.mapping.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {

    private static final Map<String, Type> COLUMNS = Map.of("s", Type.STRING, "i", Type.INTEGER, "d", Type.DECIMAL,
            "ts", Type.TIMESTAMP, "b", Type.BOOLEAN, "Mixed Case", Type.STRING);

    private static Object eval(String expression, Object s) {
        Map<String, Object> row = new HashMap<>();
        row.put("s", s);
        return Expression.compile(expression, COLUMNS).evaluate(row);
    }

    private static Object evalRow(String expression, Map<String, Object> row) {
        return Expression.compile(expression, COLUMNS).evaluate(row);
    }

    @Test
    void textFunctionsPassNullsThrough() {
        assertThat(eval("trim(s)", "  ab c  ")).isEqualTo("ab c");
        assertThat(eval("trim(s)", "\tab\t")).isEqualTo("\tab\t");
        assertThat(eval("upper(s)", "abc")).isEqualTo("ABC");
        assertThat(eval("lower(s)", "ABC")).isEqualTo("abc");
        for (String f : new String[] {"trim(s)", "upper(s)", "lower(s)", "substring(s, 1, 2)"}) {
            assertThat(eval(f, null)).as(f).isNull();
        }
    }

    @Test
    void concatTreatsNullAsEmptyAndCoalescePicksTheFirstValue() {
        assertThat(eval("concat(s, '-', s)", "a")).isEqualTo("a-a");
        assertThat(eval("concat(s, '-', s)", null)).isEqualTo("-");
        assertThat(eval("coalesce(s, 'none')", null)).isEqualTo("none");
        assertThat(eval("coalesce(s, 'none')", "x")).isEqualTo("x");
        assertThat(eval("coalesce(s, null)", null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"abcdef,2,3,bcd", "abcdef,0,2,a", "abcdef,-1,2,''", "abc,2,10,bc", "abc,5,1,''", "ñandú,2,3,and"})
    void substringFollowsSqlSemantics(String s, long start, long length, String expected) {
        assertThat(eval("substring(s, " + start + ", " + length + ")", s)).isEqualTo(expected);
    }

    @Test
    void aNegativeSubstringLengthIsAnError() {
        assertThat(Outcomes.code(() -> eval("substring(s, 1, -1)", "abc"))).isEqualTo("INVALID_SUBSTRING");
    }

    @Test
    void datesParseStrictlyWithTheirFormat() {
        assertThat(eval("parse_date(s, 'MM/DD/YYYY')", "02/29/2024")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval("parse_date(s, 'MM/DD/YYYY')", "1/2/2020")).isEqualTo(LocalDate.of(2020, 1, 2));
        assertThat(eval("parse_date(s, 'MM/DD/YYYY')", null)).isNull();
        assertThat(eval("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS')", "2024-02-29 23:59:58"))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 58));
        for (String bad : new String[] {"13/45/1990", "02/30/2023", "02/29/2023", "yesterday", "2024-02-29", ""}) {
            assertThat(Outcomes.code(() -> eval("parse_date(s, 'MM/DD/YYYY')", bad))).as(bad).isEqualTo("UNPARSEABLE_DATE");
        }
        assertThat(Outcomes.code(() -> Expression.compile("parse_date(s, 'Month DD')", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Outcomes.code(() -> Expression.compile("parse_date(s, s)", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
    }

    @Test
    void numbersParseRoundAndRefuseOverflow() {
        assertThat(eval("to_decimal(s, 12, 2)", " 1234.565 ")).isEqualTo(new BigDecimal("1234.57"));
        assertThat(eval("to_decimal(s, 12, 2)", "-0.005")).isEqualTo(new BigDecimal("-0.01"));
        assertThat(eval("to_decimal(s, 12, 2)", "1e3")).isEqualTo(new BigDecimal("1000.00"));
        assertThat(eval("to_decimal(s, 12, 2)", null)).isNull();
        assertThat(Outcomes.code(() -> eval("to_decimal(s, 12, 2)", "12,5"))).isEqualTo("UNPARSEABLE_NUMBER");
        assertThat(Outcomes.code(() -> eval("to_decimal(s, 4, 2)", "100.00"))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(Outcomes.code(() -> eval("to_decimal(s, 4, 2)", "99.999"))).isEqualTo("NUMBER_OVERFLOW");
        assertThat(eval("to_decimal(s, 4, 2)", "99.994")).isEqualTo(new BigDecimal("99.99"));
        assertThat(eval("to_integer(s)", " 42 ")).isEqualTo(42L);
        assertThat(eval("to_text(to_integer(s))", " 42 ")).isEqualTo("42");
        assertThat(eval("to_text(to_decimal(s, 12, 2))", "1.5")).isEqualTo("1.50");
        assertThat(eval("to_text(s)", null)).isNull();
        assertThat(Expression.compile("to_text(utc(parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS')))", COLUMNS).type())
                .isEqualTo(Type.STRING);
        assertThat(Outcomes.code(() -> eval("to_integer(s)", "4.2"))).isEqualTo("UNPARSEABLE_NUMBER");
        assertThat(Outcomes.code(() -> eval("to_integer(s)", "99999999999999999999"))).isEqualTo("UNPARSEABLE_NUMBER");
        assertThat(Outcomes.code(() -> Expression.compile("to_decimal(s, 2, 5)", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
    }

    @Test
    void utcReadsATimestampAsUtc() {
        Map<String, Object> row = new HashMap<>();
        row.put("ts", LocalDateTime.of(2001, 1, 1, 0, 5));
        assertThat(evalRow("utc(ts)", row)).isEqualTo(OffsetDateTime.of(2001, 1, 1, 0, 5, 0, 0, ZoneOffset.UTC));
        row.put("ts", null);
        assertThat(evalRow("utc(ts)", row)).isNull();
    }

    @Test
    void valueMapsFallBackToElseForNullAndUnmatched() {
        String sex = "map(s, 'F' -> 'female', 'M' -> 'male', else 'unknown')";
        assertThat(eval(sex, "F")).isEqualTo("female");
        assertThat(eval(sex, "M")).isEqualTo("male");
        assertThat(eval(sex, "U")).isEqualTo("unknown");
        assertThat(eval(sex, null)).isEqualTo("unknown");
        assertThat(eval("map(s, 'F' -> 'female')", "X")).isNull();
    }

    @Test
    void comparisonsAndLogicUseThreeValuedLogic() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("i", 1);
        assertThat(evalRow("i <> 0", row)).isEqualTo(true);
        row.put("i", 0);
        assertThat(evalRow("i <> 0", row)).isEqualTo(false);
        row.put("i", null);
        assertThat(evalRow("i <> 0", row)).isNull();
        assertThat(evalRow("i <> 0 or true", row)).isEqualTo(true);
        assertThat(evalRow("i <> 0 and false", row)).isEqualTo(false);
        assertThat(evalRow("not (i <> 0)", row)).isNull();
        assertThat(evalRow("i is null", row)).isEqualTo(true);
        assertThat(evalRow("i is not null", row)).isEqualTo(false);
        row.put("d", new BigDecimal("2.50"));
        assertThat(evalRow("d = 2.5", row)).isEqualTo(true);
    }

    @Test
    void quotedColumnNamesAndStringsWithQuotes() {
        Map<String, Object> row = new HashMap<>();
        row.put("Mixed Case", "it's");
        assertThat(evalRow("concat(\"Mixed Case\", '''s')", row)).isEqualTo("it's's");
        assertThat(Expression.compile("concat(\"Mixed Case\", '''s')", COLUMNS).toSql(ExpressionTest::quote))
                .isEqualTo("concat(\"Mixed Case\", '''s')");
    }

    @Test
    void badExpressionsAreRefusedWithTheirReason() {
        assertThat(Outcomes.code(() -> Expression.compile("", COLUMNS))).isEqualTo("INVALID_EXPRESSION");
        assertThat(Outcomes.code(() -> Expression.compile("trim(s", COLUMNS))).isEqualTo("INVALID_EXPRESSION");
        assertThat(Outcomes.code(() -> Expression.compile("s; DROP TABLE x", COLUMNS))).isEqualTo("INVALID_EXPRESSION");
        assertThat(Outcomes.code(() -> Expression.compile("pg_sleep(10)", COLUMNS))).isEqualTo("INVALID_FUNCTION");
        assertThat(Outcomes.code(() -> Expression.compile("nope", COLUMNS))).isEqualTo("INVALID_COLUMN");
        assertThat(Outcomes.code(() -> Expression.compile("trim(i)", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("s and b", COLUMNS))).isEqualTo("INVALID_TYPE");
        assertThat(Outcomes.code(() -> Expression.compile("trim(s, s)", COLUMNS))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Outcomes.code(() -> Expression.compile("(".repeat(100) + "s" + ")".repeat(100), COLUMNS))).isEqualTo("INVALID_EXPRESSION");
        assertThat(Expression.compile("concat(s, s)", COLUMNS).columns()).containsExactly("s");
    }

    /** The benchmark mapping of shared/bench: every rule is expressible and compiles to its documented select list. */
    @Test
    void theBenchmarkMappingCompilesToTheDocumentedSelectList() {
        Map<String, Type> legacy = Map.ofEntries(Map.entry("patient_id", Type.INTEGER), Map.entry("mrn", Type.STRING),
                Map.entry("first_nm", Type.STRING), Map.entry("last_nm", Type.STRING), Map.entry("dob_txt", Type.STRING),
                Map.entry("sex_cd", Type.STRING), Map.entry("email_addr", Type.STRING), Map.entry("phone_no", Type.STRING),
                Map.entry("balance_txt", Type.STRING), Map.entry("is_active", Type.INTEGER), Map.entry("created_ts", Type.TIMESTAMP),
                Map.entry("notes", Type.STRING));
        String[][] mapping = BenchmarkMapping.RULES;
        StringBuilder select = new StringBuilder();
        for (String[] rule : mapping) {
            if (!select.isEmpty()) {
                select.append(", ");
            }
            select.append(Expression.compile(rule[1], legacy).toSql(c -> c));
        }
        assertThat(select.toString()).isEqualTo("patient_id, mrn, btrim(first_nm), last_nm, CASE WHEN "
                + "(translate(dob_txt, '0123456789', '9999999999') = '99/99/9999' AND substr(dob_txt, 7, 4) <> '0000') OR dob_txt ~ "
                + "'^\\s*[0-9]{1,2}\\/[0-9]{1,2}\\/(?!0000)[0-9]{4}\\s*$' THEN to_date(dob_txt, 'MM/DD/YYYY') ELSE CAST(dob_txt || "
                + "' does not match the format' AS date) END, "
                + "CASE sex_cd WHEN 'F' THEN 'female' WHEN 'M' THEN 'male' ELSE 'unknown' END, email_addr, phone_no, "
                + "CASE WHEN translate(balance_txt, E'0123456789+-.eE \\t\\n\\r\\f\\v', '') = '' THEN "
                + "CAST(balance_txt AS numeric(12,2)) ELSE CAST(balance_txt || ' is not a number' AS numeric(12,2)) END, (is_active <> 0), (created_ts AT TIME ZONE 'UTC'), coalesce(notes, '')");
    }

    @Test
    void lookupsTranslateKeysThroughAnotherMappingsTarget() {
        Lookups.Target patients = new Lookups.Target("public", "patient", "external_ref", "text", "id", Type.INTEGER);
        Lookups lookups = Lookups.of(Map.of("patients", patients),
                (target, key) -> "P-7".equals(key) ? java.util.Optional.of(70L) : java.util.Optional.empty());
        Expression e = Expression.compile("lookup('patients', concat('P-', s))", COLUMNS, lookups);
        assertThat(e.type()).isEqualTo(Type.INTEGER);
        assertThat(e.pushable()).isFalse();
        Map<String, Object> row = new HashMap<>();
        row.put("s", "7");
        assertThat(e.evaluate(row)).isEqualTo(70L);
        row.put("s", null);
        assertThat(Expression.compile("lookup('patients', s)", COLUMNS, lookups).evaluate(row)).as("null key").isNull();
        assertThat(Outcomes.code(() -> e.evaluate(row))).as("concat makes 'P-' of a null").isEqualTo("LOOKUP_NOT_FOUND");
        row.put("s", "8");
        assertThat(Outcomes.code(() -> e.evaluate(row))).isEqualTo("LOOKUP_NOT_FOUND");
        assertThat(Outcomes.code(() -> e.toSql(ExpressionTest::quote))).isEqualTo("NOT_PUSHABLE");
        assertThat(Outcomes.code(() -> Expression.compile("lookup('nope', s)", COLUMNS, lookups))).isEqualTo("INVALID_LOOKUP");
        assertThat(Outcomes.code(() -> Expression.compile("lookup(s, s)", COLUMNS, lookups))).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Outcomes.code(() -> Expression.compile("lookup('patients', s)", COLUMNS))).isEqualTo("INVALID_LOOKUP");
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
