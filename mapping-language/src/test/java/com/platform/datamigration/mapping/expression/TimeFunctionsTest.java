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

class TimeFunctionsTest {

    private static final Map<String, Type> COLUMNS = Map.of("s", Type.STRING, "i", Type.INTEGER, "n", Type.DECIMAL, "f", Type.FLOAT,
            "ts", Type.TIMESTAMP, "tz", Type.TIMESTAMPTZ, "d", Type.DATE, "b", Type.BOOLEAN);

    private static Object eval(String expression, String column, Object value) {
        Map<String, Object> row = new HashMap<>();
        row.put(column, value);
        return Expression.compile(expression, COLUMNS).evaluate(row);
    }

    private static String compileError(String expression) {
        return Outcomes.code(() -> Expression.compile(expression, COLUMNS));
    }

    @Test
    void theFirstFormatTheValueMatchesWins() {
        String e = "parse_date(s, 'YYYY-MM-DD', 'MM/DD/YYYY', 'DD.MM.YYYY')";
        assertThat(eval(e, "s", "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval(e, "s", "02/29/2024")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval(e, "s", "29.02.2024")).isEqualTo(LocalDate.of(2024, 2, 29));
        // The shape of the first format but no real date: the next formats are tried, none matches.
        assertThat(Outcomes.code(() -> eval(e, "s", "2023-02-29"))).isEqualTo("UNPARSEABLE_DATE");
        assertThat(Outcomes.code(() -> eval(e, "s", "0000-00-00"))).isEqualTo("UNPARSEABLE_DATE");
        assertThat(eval(e, "s", null)).isNull();
        // Ambiguous text takes the first format that fits: 01/02 is January 2nd by MM/DD before DD/MM.
        assertThat(eval("parse_date(s, 'MM/DD/YYYY', 'DD/MM/YYYY')", "s", "01/02/2024")).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(eval("parse_date(s, 'MM/DD/YYYY', 'DD/MM/YYYY')", "s", "13/02/2024")).isEqualTo(LocalDate.of(2024, 2, 13));
        assertThat(eval("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS', 'YYYY-MM-DD')", "s", "2024-02-29"))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0));
    }

    @Test
    void formatsAreOneToEightLiterals() {
        assertThat(compileError("parse_date(s)")).isEqualTo("INVALID_ARGUMENTS");
        assertThat(compileError("parse_date(s, 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD', "
                + "'YYYY-MM-DD', 'YYYY-MM-DD', 'YYYY-MM-DD')")).isEqualTo("INVALID_ARGUMENTS");
        assertThat(compileError("parse_date(s, 'YYYY-MM-DD', s)")).isEqualTo("INVALID_ARGUMENTS");
        assertThat(compileError("parse_date(s, 'YYYY-MM-DD', 'Month')")).isEqualTo("INVALID_ARGUMENTS");
        assertThat(compileError("parse_date(i, 'YYYY-MM-DD')")).isEqualTo("INVALID_TYPE");
    }

    @Test
    void zeroDatesAreNullOnlyWhenAskedFor() {
        assertThat(eval("parse_date(s, 'YYYY-MM-DD', zero => null)", "s", "0000-00-00")).isNull();
        assertThat(eval("parse_date(s, 'YYYY-MM-DD', 'MM/DD/YYYY', zero => null)", "s", " 0000-00-00 ")).isNull();
        assertThat(eval("parse_date(s, 'YYYY-MM-DD', 'MM/DD/YYYY', zero => null)", "s", "02/29/2024")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS', zero => null)", "s", "0000-00-00 00:00:00")).isNull();
        assertThat(eval("parse_timestamp(s, 'YYYY-MM-DD HH24:MI:SS', zero => null)", "s", "0000-00-00 00:00:00.000000")).isNull();
        // Other dates of year 0000 stay errors: only the zero date means "no date".
        assertThat(Outcomes.code(() -> eval("parse_date(s, 'YYYY-MM-DD', zero => null)", "s", "0000-01-01"))).isEqualTo("UNPARSEABLE_DATE");
        assertThat(Outcomes.code(() -> eval("parse_date(s, 'YYYY-MM-DD')", "s", "0000-00-00"))).isEqualTo("UNPARSEABLE_DATE");
        assertThat(eval("zero_date_null(s)", "s", "0000-00-00")).isNull();
        assertThat(eval("zero_date_null(s)", "s", "2024-01-01")).isEqualTo("2024-01-01");
        assertThat(compileError("parse_date(s, 'YYYY-MM-DD', zero => 'x')")).isEqualTo("INVALID_ARGUMENTS");
        assertThat(compileError("parse_date(s, 'YYYY-MM-DD', nope => null)")).isEqualTo("INVALID_ARGUMENTS");
        try {
            Expression.compile("parse_date(s, 'YYYY-MM-DD', nope => null)", COLUMNS);
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).contains("zero");
        }
        assertThat(compileError("parse_date(s, 'YYYY-MM-DD', zero => null, zero => null)")).startsWith("INVALID_");
    }

    @Test
    void toZoneGivesTheWallTimeOfAnInstant() {
        OffsetDateTime t = OffsetDateTime.of(2024, 3, 31, 1, 0, 0, 0, ZoneOffset.UTC);
        assertThat(eval("to_zone(tz, 'Europe/Berlin')", "tz", t)).isEqualTo(LocalDateTime.of(2024, 3, 31, 3, 0));
        assertThat(eval("to_zone(tz, 'Australia/Lord_Howe')", "tz", OffsetDateTime.parse("2024-04-06T15:00:00Z")))
                .isEqualTo(LocalDateTime.of(2024, 4, 7, 1, 30));
        assertThat(eval("to_zone(tz, 'Europe/Berlin')", "tz", null)).isNull();
        assertThat(compileError("to_zone(tz, '+02:00')")).isEqualTo("INVALID_ARGUMENTS");
        assertThat(compileError("to_zone(ts, 'Europe/Berlin')")).isEqualTo("INVALID_TYPE");
    }

    @Test
    void fromUnixtimeIsBoundToTheYearsOneTo9999() {
        assertThat(eval("from_unixtime(i)", "i", 0L)).isEqualTo(OffsetDateTime.parse("1970-01-01T00:00:00Z"));
        assertThat(eval("from_unixtime(n)", "n", new BigDecimal("-1.5"))).isEqualTo(OffsetDateTime.parse("1969-12-31T23:59:58.5Z"));
        assertThat(eval("from_unixtime(n)", "n", new BigDecimal("0.0000005"))).isEqualTo(OffsetDateTime.parse("1970-01-01T00:00:00.000001Z"));
        assertThat(eval("from_unixtime(n)", "n", new BigDecimal("253402300799.999999"))).isEqualTo(OffsetDateTime.parse("9999-12-31T23:59:59.999999Z"));
        assertThat(Outcomes.code(() -> eval("from_unixtime(n)", "n", new BigDecimal("253402300799.9999995")))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(Outcomes.code(() -> eval("from_unixtime(i)", "i", Long.MAX_VALUE))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(Outcomes.code(() -> eval("from_unixtime(i)", "i", Long.MIN_VALUE))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(eval("from_unixtime_ms(i)", "i", -1L)).isEqualTo(OffsetDateTime.parse("1969-12-31T23:59:59.999Z"));
        assertThat(Outcomes.code(() -> eval("from_unixtime_ms(i)", "i", Long.MAX_VALUE))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(compileError("from_unixtime(f)")).isEqualTo("INVALID_TYPE");
        assertThat(compileError("from_unixtime(s)")).isEqualTo("INVALID_TYPE");
    }

    @ParameterizedTest
    @CsvSource({"year,2024", "month,2", "day,29", "hour,23", "minute,59", "second,58", "day_of_week,4"})
    void partsOfATimestamp(String part, long expected) {
        assertThat(eval(part + "(ts)", "ts", LocalDateTime.of(2024, 2, 29, 23, 59, 58, 999_999_000))).isEqualTo(expected);
        // A timestamp with time zone is read in UTC.
        assertThat(eval(part + "(tz)", "tz", OffsetDateTime.parse("2024-03-01T01:59:58.5+02:00"))).isEqualTo(expected);
    }

    @Test
    void partsOfDates() {
        assertThat(eval("day_of_week(d)", "d", LocalDate.of(2024, 3, 3))).isEqualTo(7L);
        assertThat(eval("year(d)", "d", LocalDate.of(0, 6, 1))).isEqualTo(-1L);  // 1 BC, as PostgreSQL counts it
        assertThat(eval("date_of(tz)", "tz", OffsetDateTime.parse("2024-03-01T01:00:00+02:00"))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(compileError("hour(d)")).isEqualTo("INVALID_TYPE");
        assertThat(compileError("year(s)")).isEqualTo("INVALID_TYPE");
        // PostgreSQL's infinity (the largest java.time value through its driver) has no parts.
        assertThat(Outcomes.code(() -> eval("month(d)", "d", LocalDate.MAX))).isEqualTo("DATE_OUT_OF_RANGE");
    }

    @Test
    void dateArithmetic() {
        assertThat(eval("add_months(d, 1)", "d", LocalDate.of(2024, 1, 31))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval("add_months(d, 13)", "d", LocalDate.of(2024, 1, 31))).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(eval("add_months(d, -1)", "d", LocalDate.of(2024, 3, 31))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(eval("add_days(d, 1)", "d", LocalDate.of(1900, 2, 28))).isEqualTo(LocalDate.of(1900, 3, 1));
        assertThat(eval("add_days(ts, 1)", "ts", LocalDateTime.of(2023, 12, 31, 12, 0))).isEqualTo(LocalDateTime.of(2024, 1, 1, 12, 0));
        assertThat(eval("add_seconds(tz, 3600)", "tz", OffsetDateTime.parse("2024-03-10T06:30:00Z")))
                .isEqualTo(OffsetDateTime.parse("2024-03-10T07:30:00Z"));
        assertThat(Outcomes.code(() -> eval("add_days(d, 1)", "d", LocalDate.of(9999, 12, 31)))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(Outcomes.code(() -> eval("add_days(d, 9223372036854775807)", "d", LocalDate.of(2000, 1, 1)))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(Outcomes.code(() -> eval("add_months(d, -1)", "d", LocalDate.of(1, 1, 31)))).isEqualTo("DATE_OUT_OF_RANGE");
        assertThat(eval("days_between(d, parse_date('2024-03-01', 'YYYY-MM-DD'))", "d", LocalDate.of(2023, 12, 31))).isEqualTo(61L);
        assertThat(eval("seconds_between(ts, parse_timestamp('2024-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS'))", "ts",
                LocalDateTime.of(2024, 1, 1, 0, 0, 1, 500_000_000))).isEqualTo(-1L);
        assertThat(compileError("add_days(d, 1.5)")).isEqualTo("INVALID_TYPE");
        assertThat(compileError("add_days(tz, 1)")).isEqualTo("INVALID_TYPE");
        assertThat(compileError("add_seconds(d, 1)")).isEqualTo("INVALID_TYPE");
        assertThat(compileError("seconds_between(ts, tz)")).isEqualTo("INVALID_TYPE");
        assertThat(compileError("days_between(d, ts)")).isEqualTo("INVALID_TYPE");
        assertThat(eval("add_days(d, 1)", "d", null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"01:30:00|5400|90", "-00:05:00|-300|-5", "1 day 02:00:00|93600|1560", "2 days|172800|2880",
        "1 year 2 mons 3 days 04:05:06.5|37015506.5|616925", "00:00:00.000001|0.000001|0", "838:59:59|3020399|50339",
        "-01:00:00|-3600|-60", "-1 days +02:00:00|-79200|-1320", "-00:05:59.5|-359.5|-5", "13 mons|34149600|569160"})
    void intervalsHeldAsText(String text, String seconds, long minutes) {
        assertThat(eval("seconds(s)", "s", text)).isEqualTo(new BigDecimal(seconds));
        assertThat(eval("minutes(s)", "s", text)).isEqualTo(minutes);
    }

    @Test
    void otherIntervalTextIsRefused() {
        for (String bad : new String[] {"", " 01:00:00", "01:00:00 ", "01:00", "00:60:00", "1 hour", "P1D", "@ 1 day", "1-2", "2 days ",
            "1 day02:00:00", "2 mons 1 year", "00:00:00.1234567", "02:00:00\n"}) {
            assertThat(Outcomes.code(() -> eval("seconds(s)", "s", bad))).as(bad).isEqualTo("UNPARSEABLE_INTERVAL");
        }
        assertThat(eval("seconds(s)", "s", null)).isNull();
        assertThat(compileError("minutes(i)")).isEqualTo("INVALID_TYPE");
    }
}
